// Test helpers: small corpora in temp directories and a cheap, deterministic label embedder.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelEmbedder, SentenceEncoderSource } from '../embeddings/label-embedder.js';

/** A temp directory removed by the returned cleanup. */
export async function makeTempDirectory(prefix = 'gliznet-synth-'): Promise<{ directory: string; cleanup: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  return { directory, cleanup: () => rm(directory, { recursive: true, force: true }) };
}

/**
 * Bag of character trigrams hashed into 64 dimensions: labels sharing words get high cosine
 * similarity ("play music" ~ "play radio"), unrelated ones low. Counts calls for cache tests.
 */
export function trigramEmbedder(): LabelEmbedder & { calls: number } {
  const embedder = {
    modelVersion: 'test-trigrams-64',
    calls: 0,
    async embed(labels: readonly string[]) {
      embedder.calls += 1;
      return labels.map((label) => {
        const vector = new Float32Array(64);
        const padded = `  ${label.toLowerCase()}  `;
        for (let index = 0; index + 3 <= padded.length; index += 1) {
          let hash = 7;
          for (const character of padded.slice(index, index + 3)) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
          vector[hash % 64] = (vector[hash % 64] ?? 0) + 1;
        }
        return vector;
      });
    },
  };
  return embedder;
}

/**
 * The trigram embedder as an injected sentence encoder (what the trainer passes with USE-Lite):
 * counts loads, embedded texts and disposals.
 */
export function trigramSentenceEncoder(modelVersion = 'test-trigrams-64'): SentenceEncoderSource & { loads: number; embedded: string[][]; disposals: number } {
  const source = {
    modelVersion,
    loads: 0,
    embedded: [] as string[][],
    disposals: 0,
    async load() {
      source.loads += 1;
      const embedder = trigramEmbedder();
      return {
        async embed(texts: readonly string[]) {
          source.embedded.push([...texts]);
          return embedder.embed(texts);
        },
        dispose() {
          source.disposals += 1;
        },
      };
    },
  };
  return source;
}

/** Writes `<root>/<name>/data.jsonl` with the given rows (objects, or raw strings for bad lines). */
export async function writeCorpus(root: string, name: string, rows: readonly (object | string)[], extraFiles: Record<string, string> = {}): Promise<string> {
  const directory = join(root, name);
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'data.jsonl'), `${rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n')}\n`);
  for (const [file, content] of Object.entries(extraFiles)) await writeFile(join(directory, file), content);
  return directory;
}

/** Three small corpora: intents (with domain groups, out-of-scope rows), emotions (multi-label), spam. */
export async function writeSmallCorpora(root: string): Promise<void> {
  const intents: object[] = [];
  const intentLabels = [
    ['play music', 'media'],
    ['play radio', 'media'],
    ['play podcast', 'media'],
    ['check balance', 'banking'],
    ['transfer money', 'banking'],
    ['pay bill', 'banking'],
    ['set alarm', 'utility'],
    ['remove alarm', 'utility'],
  ] as const;
  for (const [labelIndex, [label, domain]] of intentLabels.entries()) {
    for (let index = 0; index < 30; index += 1) intents.push({ text: `${label} request number ${index} variant ${labelIndex}`, labels: [label], domain });
  }
  for (let index = 0; index < 10; index += 1) intents.push({ text: `something unrelated ${index}`, labels: ['out of scope'], domain: 'oos' });
  await writeCorpus(root, 'intents', intents);

  const emotions: object[] = [];
  const emotionLabels = ['joy', 'sadness', 'anger', 'fear', 'surprise'];
  for (let index = 0; index < 120; index += 1) {
    const first = emotionLabels[index % 5] as string;
    const labels = index % 4 === 0 ? [first, emotionLabels[(index + 2) % 5] as string] : [first];
    emotions.push({ text: `feeling text ${index} about ${labels.join(' and ')}`, labels });
  }
  await writeCorpus(root, 'emotions', emotions);

  const spam: object[] = [];
  for (let index = 0; index < 60; index += 1) spam.push({ text: `sms message ${index}`, labels: [index % 3 === 0 ? 'spam' : 'not spam'] });
  await writeCorpus(root, 'spam', spam);
}
