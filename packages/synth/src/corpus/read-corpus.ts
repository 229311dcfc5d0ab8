import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ConfigurationError, DataFormatError } from '@gliznet/common';
import { readJsonLines } from '../records/json-lines.js';
import { formatRecordProblem, type RecordProblem } from '../records/read-records.js';
import { corpusLabelName } from './normalize-label.js';

/** Where a corpus lives and how to treat it. */
export interface CorpusInput {
  /** Corpus name (default: the folder name). */
  name?: string;
  /** Folder holding `data.jsonl` (and optionally `label_descriptions.json`). */
  directory: string;
}

/** One usable row of a corpus. */
export interface CorpusRow {
  text: string;
  /** Normalised positive labels (may be empty, e.g. out-of-scope rows). */
  labels: string[];
  /** Domain / service / scenario of the row, when the corpus has one. */
  group?: string;
  /**
   * The row's task, when the corpus holds several label sets (tweeteval's `task`: hate, irony,
   * offensive, sentiment, emoji, stance). Negatives come only from the row's own task.
   */
  task?: string;
  /** Star rating 1-5, when the corpus has one (product_reviews): fine-grained sentiment records. */
  rating?: number;
  /** The row's id in the corpus, when present. */
  id?: string;
  /** 1-based line in `data.jsonl`. */
  line: number;
}

/** A corpus read into memory. */
export interface Corpus {
  name: string;
  file: string;
  rows: CorpusRow[];
  /** Lines that were skipped, with file, line and reason. */
  problems: RecordProblem[];
  /** Normalised label -> descriptions (service-specific ones keyed by lower-cased service name). */
  descriptions: Map<string, Map<string, string>>;
}

/** Options of {@link readCorpus}. */
export interface ReadCorpusOptions {
  /** `'skip'` (default) collects bad lines in `problems`; `'stop'` throws `DataFormatError` at the first. */
  onInvalid?: 'stop' | 'skip';
  /** Labels (normalised) that mean "none of the labels", e.g. `out of scope`: such rows get no positives. */
  noneLabels?: readonly string[];
}

function rowGroup(value: Record<string, unknown>): string | undefined {
  for (const field of ['domain', 'service', 'scenario']) {
    const raw = value[field];
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (typeof first === 'string' && first.trim() !== '') return first.trim().toLowerCase();
  }
  return undefined;
}

function parseRow(value: unknown, noneLabels: ReadonlySet<string>): { row?: Omit<CorpusRow, 'line'>; reason?: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'a row must be a JSON object' };
  const object = value as Record<string, unknown>;
  if (typeof object.text !== 'string' || object.text.trim() === '') return { reason: '"text" must be a non-empty string' };
  if (!Array.isArray(object.labels) || object.labels.length === 0) return { reason: '"labels" must be a non-empty array of strings' };
  const labels: string[] = [];
  for (const [index, label] of object.labels.entries()) {
    if (typeof label !== 'string' || corpusLabelName(label) === '') return { reason: `"labels[${index}]" must be a non-empty string` };
    const normalized = corpusLabelName(label);
    if (!noneLabels.has(normalized) && !labels.includes(normalized)) labels.push(normalized);
  }
  const row: Omit<CorpusRow, 'line'> = { text: object.text.trim(), labels };
  const group = rowGroup(object);
  if (group !== undefined) row.group = group;
  if (typeof object.task === 'string' && object.task.trim() !== '') row.task = object.task.trim().toLowerCase();
  if (object.rating !== undefined && object.rating !== null) {
    const rating = typeof object.rating === 'string' && object.rating.trim() !== '' ? Number(object.rating) : object.rating;
    if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
      return { reason: `"rating" must be a star rating, an integer from 1 to 5, got ${JSON.stringify(object.rating)}` };
    }
    row.rating = rating;
  }
  if (typeof object.id === 'string' || typeof object.id === 'number') row.id = String(object.id);
  return { row };
}

async function readDescriptions(file: string): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>();
  if (!existsSync(file)) return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DataFormatError(file, `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new DataFormatError(file, `${file} must hold a JSON object.`);
  for (const [key, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { readable, descriptions } = entry as { readable?: unknown; descriptions?: unknown };
    const label = corpusLabelName(typeof readable === 'string' ? readable : key);
    const byService = new Map<string, string>();
    if (typeof descriptions === 'object' && descriptions !== null) {
      for (const [service, text] of Object.entries(descriptions as Record<string, unknown>)) {
        if (typeof text === 'string' && text.trim() !== '') byService.set(service.toLowerCase().replace(/_\d+$/, ''), text.trim());
      }
    }
    if (byService.size > 0) result.set(label, byService);
  }
  return result;
}

/** Reads one corpus folder (`data.jsonl`, optional `label_descriptions.json`), normalising labels. */
export async function readCorpus(input: CorpusInput, options: ReadCorpusOptions = {}): Promise<Corpus> {
  const name = input.name ?? basename(input.directory);
  const file = join(input.directory, 'data.jsonl');
  const noneLabels = new Set((options.noneLabels ?? []).map(corpusLabelName));
  const rows: CorpusRow[] = [];
  const problems: RecordProblem[] = [];
  for await (const entry of readJsonLines(file)) {
    const parsed = entry.error === undefined ? parseRow(entry.value, noneLabels) : { reason: entry.error };
    if (parsed.row !== undefined) {
      rows.push({ ...parsed.row, line: entry.line });
      continue;
    }
    const problem = { file, line: entry.line, reason: parsed.reason ?? 'invalid row' };
    if (options.onInvalid === 'stop') throw new DataFormatError(file, formatRecordProblem(problem), { line: entry.line });
    problems.push(problem);
  }
  const descriptions = await readDescriptions(join(input.directory, 'label_descriptions.json'));
  return { name, file, rows, problems, descriptions };
}

/** Lists the corpus folders (those holding a `data.jsonl`) of a corpora directory, sorted by name. */
export async function listCorpora(directory: string): Promise<CorpusInput[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    throw new ConfigurationError(`Cannot list corpora in ${directory}: ${(error as Error).message}. Check the corpora path (or GLIZNET_SHARED_DIR).`, {
      cause: error,
    });
  }
  const corpora = entries
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'data.jsonl')))
    .map((entry) => ({ name: entry.name, directory: join(directory, entry.name) }))
    .sort((left, right) => (left.name < right.name ? -1 : 1));
  if (corpora.length === 0) throw new ConfigurationError(`No corpus (a folder with data.jsonl) in ${directory}.`);
  return corpora;
}
