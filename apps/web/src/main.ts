/**
 * The demo page: loads the default model from this page's own origin (int8 by default;
 * `?quantized=0` loads fp32), shows a download progress bar, then classifies what is typed (or an
 * example) entirely in the browser, with the scores as bars, the time per classification and
 * whether the text was truncated. `document.body.dataset` exposes the page's state for tests.
 */
import { ZeroShotClassifier, type ClassificationResult, type LoadProgressEvent } from '@gliznet/web';
import { EXAMPLES, type Example } from './examples.js';
// onnxruntime-web's runtime files, emitted as assets: its worker threads start from the .mjs URL.
import ortWasmModule from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWasmBinary from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('form');
const textInput = $<HTMLTextAreaElement>('text');
const labelsInput = $<HTMLInputElement>('labels');
const multiLabelInput = $<HTMLInputElement>('multi-label');
const classifyButton = $<HTMLButtonElement>('classify');
const progress = $<HTMLProgressElement>('progress');
const progressText = $<HTMLSpanElement>('progress-text');
const resultSection = $<HTMLElement>('result');
const scoresList = $<HTMLOListElement>('scores');
const meta = $<HTMLParagraphElement>('meta');
const errorBox = $<HTMLParagraphElement>('error');
const state = document.body.dataset;

const params = new URLSearchParams(location.search);
const quantized = params.get('quantized') !== '0';
let classifications = 0;

function setState(value: 'loading' | 'ready' | 'classifying' | 'error'): void {
  state['state'] = value;
}

function showError(error: unknown): void {
  setState('error');
  errorBox.hidden = false;
  errorBox.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function useExample(example: Example): void {
  textInput.value = example.text;
  labelsInput.value = example.labels.join(', ');
  multiLabelInput.checked = example.multiLabel === true;
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** Overall download progress over every file (sizes from Content-Length). */
function trackProgress(): (event: LoadProgressEvent) => void {
  const files = new Map<string, { loaded: number; total: number | undefined }>();
  return (event) => {
    if (event.status === 'ready') {
      progress.value = 1;
      ($('loading').querySelector('label') as HTMLLabelElement).textContent = 'Model loaded';
      progressText.textContent = `${megabytes(event.loadedBytes)} MB loaded`;
      return;
    }
    const entry = files.get(event.file) ?? { loaded: 0, total: undefined };
    if (event.status === 'progress') Object.assign(entry, { loaded: event.loaded, total: event.total });
    if (event.status === 'done') Object.assign(entry, { loaded: event.loaded, total: event.loaded });
    files.set(event.file, entry);
    const loaded = [...files.values()].reduce((sum, file) => sum + file.loaded, 0);
    const total = [...files.values()].reduce((sum, file) => sum + (file.total ?? file.loaded), 0);
    progress.value = total === 0 ? 0 : loaded / total;
    progressText.textContent = `${megabytes(loaded)} of ${megabytes(total)} MB`;
  };
}

function render(result: ClassificationResult, milliseconds: number, classifier: ZeroShotClassifier): void {
  scoresList.replaceChildren(
    ...result.labels.map((label, index) => {
      const score = result.scores[index] as number;
      const item = document.createElement('li');
      item.dataset['label'] = label;
      item.dataset['score'] = String(score);
      const name = document.createElement('span');
      name.textContent = label;
      const bar = document.createElement('span');
      bar.className = 'bar';
      const fill = document.createElement('span');
      fill.style.width = `${(score * 100).toFixed(1)}%`;
      bar.append(fill);
      const value = document.createElement('span');
      value.className = 'score';
      value.textContent = score.toFixed(3);
      item.append(name, bar, value);
      return item;
    }),
  );
  meta.replaceChildren();
  const truncated = document.createElement('span');
  truncated.id = 'truncated';
  truncated.dataset['truncated'] = String(result.truncated);
  truncated.textContent = result.truncated ? 'truncated: yes (the end of the text did not fit the window)' : 'truncated: no';
  if (result.truncated) truncated.className = 'truncated';
  const time = document.createElement('span');
  time.id = 'time';
  time.dataset['milliseconds'] = String(milliseconds);
  time.textContent = `${milliseconds.toFixed(1)} ms`;
  meta.append(time, ` · `, truncated, ` · ${quantized ? 'int8' : 'fp32'} model, ${classifier.threads} wasm thread${classifier.threads === 1 ? '' : 's'}`);
  resultSection.hidden = false;
}

async function classifyOnce(classifier: ZeroShotClassifier): Promise<void> {
  const labels = labelsInput.value.split(',').map((label) => label.trim()).filter((label) => label !== '');
  errorBox.hidden = true;
  setState('classifying');
  classifyButton.disabled = true;
  try {
    const started = performance.now();
    const result = await classifier.classify(textInput.value, labels, { multiLabel: multiLabelInput.checked });
    const milliseconds = performance.now() - started;
    render(result, milliseconds, classifier);
    classifications += 1;
    if (state['firstResultMs'] === undefined) state['firstResultMs'] = String(performance.now());
    state['classifications'] = String(classifications);
    setState('ready');
  } catch (error) {
    showError(error);
  } finally {
    classifyButton.disabled = false;
  }
}

async function start(): Promise<void> {
  setState('loading');
  for (const example of EXAMPLES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = example.name;
    button.addEventListener('click', () => {
      useExample(example);
      form.requestSubmit();
    });
    $('examples').append(button);
  }
  useExample(EXAMPLES[0] as Example);
  const classifier = await ZeroShotClassifier.fromPretrained(new URL('model/', location.href), { quantized, onProgress: trackProgress(), wasmPaths: { mjs: ortWasmModule, wasm: ortWasmBinary } });
  state['loadedMs'] = String(performance.now());
  $('footer').textContent = `Model: ${classifier.modelPath.split('/').slice(-3).join('/')} (${classifier.config.gliznet.architecture}, window ${classifier.config.gliznet.maxLength} tokens), onnxruntime-web wasm, ${crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}.`;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void classifyOnce(classifier);
  });
  classifyButton.disabled = false;
  setState('ready');
  if (params.get('autorun') !== '0') await classifyOnce(classifier);
}

start().catch(showError);
