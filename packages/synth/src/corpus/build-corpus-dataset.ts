import { basename, dirname, join } from 'node:path';
import { InvalidArgumentError, writeJsonAtomic } from '@gliznet/common';
import { createCachedLabelEmbedder, type LabelEmbedder, type SentenceEncoderSource } from '../embeddings/label-embedder.js';
import { createRandom, hashString, type Random } from '../random.js';
import { computeDatasetStats, type DatasetStats } from '../records/dataset-stats.js';
import type { RecordProblem } from '../records/read-records.js';
import type { TrainingRecord } from '../records/record.js';
import { openRecordWriter, type RecordWriter } from '../records/record-writer.js';
import { allocateQuotas } from './allocate-quotas.js';
import { enforceCrossRole, type CrossRoleResult, type DraftRecord } from './cross-role.js';
import { LabelSimilarity } from './label-similarity.js';
import { DEFAULT_NEGATIVE_MINING, NegativeMiner, type NegativeMiningOptions } from './negative-miner.js';
import { deduplicateCorpora } from './deduplicate.js';
import { buildGroupCorpora } from './group-labels.js';
import { buildRatingCorpora } from './rating-labels.js';
import { relabelDraft, relabelledCorpusName, type RelabelKind, type RelabelledCorpus } from './relabelled-corpora.js';
import { toRecord } from './draft-to-record.js';
import { listCorpora, readCorpus, type Corpus, type CorpusInput } from './read-corpus.js';
import { selectRows } from './select-rows.js';

/** Per-corpus overrides. */
export interface CorpusSettings {
  /** Relative share of the output (default: sqrt of the corpus' label count). */
  weight?: number;
  /** At most this many rows (train + validation) from this corpus. */
  cap?: number;
  /** Leave the corpus out. */
  exclude?: boolean;
}

/** Progress of {@link buildCorpusDataset}. */
export type BuildProgressEvent =
  | { type: 'read'; corpus: string; rows: number; problems: number; corpusIndex: number; corpusCount: number }
  | { type: 'embed'; labels: number }
  | { type: 'mine'; done: number; total: number }
  | { type: 'write'; file: string; records: number; total: number };

/** Options of {@link buildCorpusDataset}. */
export interface BuildCorpusOptions {
  /** A directory of corpus folders (each with `data.jsonl`), or an explicit list of folders. */
  corpora: string | readonly CorpusInput[];
  /** Training records file (JSON lines). */
  outFile: string;
  /** Validation records file (default: `val.jsonl` beside `outFile`). */
  validationFile?: string;
  /** Build report (default: `report.json` beside `outFile`). */
  reportFile?: string;
  /** Seed of every random choice (default 42). Same inputs + same seed = byte-identical outputs. */
  seed?: number;
  /** Training records wanted (default 50,000); fewer when the corpora do not have that many. */
  trainSize?: number;
  /** Share of each corpus' selected rows held out for validation (default 0.03). */
  validationFraction?: number;
  /** No corpus may supply more than this share of the rows (default 0.25). */
  maxCorpusShare?: number;
  /** Per-corpus weight / cap / exclusion, by corpus name. */
  corpusSettings?: Record<string, CorpusSettings>;
  /** Row selection inside a corpus: `'labels'` (default) balances labels round-robin, `'none'` samples uniformly. */
  balance?: 'labels' | 'none';
  /** Negative mining settings (merged over the defaults: 3-8 hard, 4 random). */
  negatives?: Partial<NegativeMiningOptions>;
  /** Labels that mean "no label applies" (default `['out of scope']`): such rows keep no positives. */
  noneLabels?: readonly string[];
  /** Probability that a record of a corpus with label descriptions uses them instead of names (default 0.15). */
  descriptionRate?: number;
  /**
   * Probability that a row filed under a domain / service / scenario (clinc150 domains, hwu64
   * scenarios, sgd services) becomes a record naming that group ("banking") instead of its intent,
   * with the corpus' other groups as negatives (default 0: off). Teaches broad topic labels.
   */
  groupLabelRate?: number;
  /**
   * Probability that a row with a star rating (product_reviews' `rating`, 1-5) becomes a
   * fine-grained sentiment record ("very negative" ... "very positive", one class per star) with
   * the corpus' other rating labels as negatives (default 0: off). Drawn before `groupLabelRate`.
   */
  ratingLabelRate?: number;
  /** Every positive label must appear at least this often as a negative in the training set (default 1). */
  crossRoleMinimum?: number;
  /**
   * The sentence encoder that embeds the labels for hard-negative mining, loaded only when a label
   * is missing from the vector cache (`embeddingCacheFile`). The trainer passes `@gliznet/core`'s
   * USE-Lite `SentenceEmbedder`. Either this or `embedder` is required.
   */
  sentenceEncoder?: SentenceEncoderSource;
  /** A ready label embedder, used as is (no cache); replaces `sentenceEncoder`. Tests inject a cheap one. */
  embedder?: LabelEmbedder;
  /** Cache of `sentenceEncoder`'s label vectors (default: `label-embeddings.json` beside `outFile`). */
  embeddingCacheFile?: string;
  /** Bad corpus lines: `'skip'` (default; listed in the report) or `'stop'` (throw `DataFormatError`). */
  onInvalid?: 'skip' | 'stop';
  /** Progress callback. */
  onProgress?: (event: BuildProgressEvent) => void;
}

/** Per-corpus figures of a build. */
export interface CorpusBuildFigures {
  name: string;
  rows: number;
  invalidLines: number;
  rowsWithoutPositives: number;
  /** Rows merged into an identical text of the same corpus (their labels united). */
  duplicatesMerged: number;
  /** Rows dropped because an earlier corpus has the same text. */
  crossCorpusDuplicates: number;
  available: number;
  labels: number;
  weight: number;
  selected: number;
  train: number;
  validation: number;
  /** Of the selected rows, how many became group records (training + validation). */
  groupRecords: number;
  /** Of the selected rows, how many became rating records (training + validation). */
  ratingRecords: number;
}

/** What {@link buildCorpusDataset} wrote, also saved as the report file. */
export interface CorpusBuildReport {
  seed: number;
  files: { train: string; validation: string; report: string };
  durationMs: number;
  settings: {
    trainSize: number;
    validationFraction: number;
    maxCorpusShare: number;
    balance: 'labels' | 'none';
    negatives: NegativeMiningOptions;
    noneLabels: readonly string[];
    descriptionRate: number;
    groupLabelRate: number;
    ratingLabelRate: number;
    crossRoleMinimum: number;
  };
  embeddings: { modelVersion: string; labels: number };
  corpora: CorpusBuildFigures[];
  crossRole: CrossRoleResult;
  /** Bad lines found in the corpora (the first 200), as `file:line: reason`. */
  problems: string[];
  train: DatasetStats;
  validation: DatasetStats;
}

async function writeAll(
  writer: RecordWriter,
  records: readonly TrainingRecord[],
  onProgress: ((event: BuildProgressEvent) => void) | undefined,
): Promise<void> {
  for (let offset = 0; offset < records.length; offset += 2000) {
    await writer.write(records.slice(offset, offset + 2000));
    onProgress?.({ type: 'write', file: writer.path, records: Math.min(records.length, offset + 2000), total: records.length });
  }
}

/** The injected embedder, or the injected sentence encoder behind the label-vector cache. */
function labelEmbedder(options: BuildCorpusOptions, outDirectory: string): LabelEmbedder {
  if (options.embedder !== undefined) return options.embedder;
  if (options.sentenceEncoder === undefined) {
    throw new InvalidArgumentError('sentenceEncoder', 'buildCorpusDataset needs options.sentenceEncoder (e.g. @gliznet/core\'s USE-Lite SentenceEmbedder, as `pnpm trainer data build` passes) or options.embedder to embed the labels for negative mining');
  }
  return createCachedLabelEmbedder(options.sentenceEncoder, { cacheFile: options.embeddingCacheFile ?? join(outDirectory, 'label-embeddings.json') });
}

function checkOptions(options: BuildCorpusOptions): void {
  const fraction = options.validationFraction ?? 0.03;
  if (!(fraction >= 0 && fraction < 1)) {
    throw new InvalidArgumentError('validationFraction', `validationFraction must be in [0, 1), got ${fraction}.`);
  }
  const trainSize = options.trainSize ?? 50_000;
  if (!Number.isInteger(trainSize) || trainSize < 1) throw new InvalidArgumentError('trainSize', `trainSize must be a positive integer, got ${trainSize}.`);
  const groupRate = options.groupLabelRate ?? 0;
  if (!(groupRate >= 0 && groupRate <= 1)) throw new InvalidArgumentError('groupLabelRate', `groupLabelRate must be in [0, 1], got ${groupRate}.`);
  const ratingRate = options.ratingLabelRate ?? 0;
  if (!(ratingRate >= 0 && ratingRate <= 1)) throw new InvalidArgumentError('ratingLabelRate', `ratingLabelRate must be in [0, 1], got ${ratingRate}.`);
  const share = options.maxCorpusShare ?? 0.25;
  if (!(share > 0 && share <= 1)) throw new InvalidArgumentError('maxCorpusShare', `maxCorpusShare must be in (0, 1], got ${share}.`);
  const { min, max } = { ...DEFAULT_NEGATIVE_MINING.hardNegatives, ...options.negatives?.hardNegatives };
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= min)) {
    throw new InvalidArgumentError('negatives.hardNegatives', `hardNegatives needs integers 0 <= min <= max, got min ${min}, max ${max}.`);
  }
}

/**
 * Turns labelled corpora (`<corpus>/data.jsonl`) into GliZNet training records: labels normalised,
 * texts deduplicated, per-corpus shares balanced, hard negatives mined by USE-Lite label
 * similarity, random negatives from other corpora, the cross-role rule enforced, a validation
 * split held out, and a report written beside the output. Outputs are written atomically:
 * when anything fails, earlier files at the output paths are left as they were.
 */
export async function buildCorpusDataset(options: BuildCorpusOptions): Promise<CorpusBuildReport> {
  checkOptions(options);
  const started = performance.now();
  const seed = options.seed ?? 42;
  const outDirectory = dirname(options.outFile);
  const files = {
    train: options.outFile,
    validation: options.validationFile ?? join(outDirectory, 'val.jsonl'),
    report: options.reportFile ?? join(outDirectory, 'report.json'),
  };
  const settings: CorpusBuildReport['settings'] = {
    trainSize: options.trainSize ?? 50_000,
    validationFraction: options.validationFraction ?? 0.03,
    maxCorpusShare: options.maxCorpusShare ?? 0.25,
    balance: options.balance ?? 'labels',
    negatives: {
      ...DEFAULT_NEGATIVE_MINING,
      ...options.negatives,
      hardNegatives: { ...DEFAULT_NEGATIVE_MINING.hardNegatives, ...options.negatives?.hardNegatives },
    },
    noneLabels: options.noneLabels ?? ['out of scope'],
    descriptionRate: options.descriptionRate ?? 0.15,
    groupLabelRate: options.groupLabelRate ?? 0,
    ratingLabelRate: options.ratingLabelRate ?? 0,
    crossRoleMinimum: options.crossRoleMinimum ?? 1,
  };
  const onProgress = options.onProgress;

  // 1. Read every corpus.
  const inputs = typeof options.corpora === 'string' ? await listCorpora(options.corpora) : options.corpora;
  const corpusSettings = options.corpusSettings ?? {};
  const wanted = inputs.filter((input) => !corpusSettings[input.name ?? basename(input.directory)]?.exclude);
  const corpora: Corpus[] = [];
  const problems: RecordProblem[] = [];
  const rawRows = new Map<string, number>();
  for (const [index, input] of wanted.entries()) {
    const corpus = await readCorpus(input, { onInvalid: options.onInvalid ?? 'skip', noneLabels: settings.noneLabels });
    if (corpusSettings[corpus.name]?.exclude) continue;
    corpora.push(corpus);
    problems.push(...corpus.problems);
    rawRows.set(corpus.name, corpus.rows.length);
    onProgress?.({ type: 'read', corpus: corpus.name, rows: corpus.rows.length, problems: corpus.problems.length, corpusIndex: index + 1, corpusCount: wanted.length });
  }
  if (new Set(corpora.map((corpus) => corpus.name)).size !== corpora.length) {
    throw new InvalidArgumentError('corpora', 'Two corpora have the same name; give each CorpusInput a distinct name.');
  }
  const duplicates = deduplicateCorpora(corpora);

  // 2. Embed every label once (the group and rating names too when such records are wanted).
  const relabelRates: [RelabelKind, number][] = [
    ['rating', settings.ratingLabelRate],
    ['group', settings.groupLabelRate],
  ];
  const virtualCorpora = [
    ...(settings.ratingLabelRate > 0 ? buildRatingCorpora(corpora) : []),
    ...(settings.groupLabelRate > 0 ? buildGroupCorpora(corpora, settings.noneLabels) : []),
  ];
  const labels = [...new Set([...corpora, ...virtualCorpora].flatMap((corpus) => corpus.rows.flatMap((row) => row.labels)))].sort();
  if (labels.length === 0) throw new InvalidArgumentError('corpora', 'The corpora hold no labelled rows.');
  const embedder = labelEmbedder(options, outDirectory);
  onProgress?.({ type: 'embed', labels: labels.length });
  const similarity = new LabelSimilarity(labels, await embedder.embed(labels));
  const miner = new NegativeMiner(corpora, similarity, settings.negatives);
  // Group and rating records take only other labels of their virtual corpus as negatives: a label
  // of another corpus may well fall inside a broad group ("book a flight" is "travel").
  const virtualMiner = new NegativeMiner(virtualCorpora, similarity, { ...settings.negatives, randomNegatives: 0 });
  const virtualByName = new Map<string, RelabelledCorpus>(virtualCorpora.map((corpus) => [corpus.name, corpus]));

  // 3. Decide how many rows each corpus gives, then pick them.
  const totalWanted = Math.round(settings.trainSize / (1 - settings.validationFraction));
  const weights = new Map(corpora.map((corpus) => [corpus.name, corpusSettings[corpus.name]?.weight ?? Math.sqrt(Math.max(1, miner.labelsOf(corpus.name).length))]));
  const quotas = allocateQuotas(
    corpora.map((corpus) => ({
      name: corpus.name,
      available: corpus.rows.length,
      weight: weights.get(corpus.name) ?? 1,
      cap: Math.min(corpusSettings[corpus.name]?.cap ?? Infinity, Math.floor(totalWanted * settings.maxCorpusShare)),
    })),
    totalWanted,
  );

  const selections = new Map(
    corpora.map((corpus) => {
      const random = createRandom(hashString(`${seed}:select:${corpus.name}`));
      return [corpus.name, selectRows(corpus.rows, quotas.get(corpus.name) ?? 0, random, { balance: settings.balance })];
    }),
  );
  // Validation rows come from every corpus in proportion to what it gave, so that the training set
  // has exactly `trainSize` records whenever the corpora hold enough.
  const selectedTotal = [...selections.values()].reduce((sum, rows) => sum + rows.length, 0);
  const validationTotal =
    settings.validationFraction === 0
      ? 0
      : selectedTotal >= totalWanted
        ? selectedTotal - settings.trainSize
        : Math.round(selectedTotal * settings.validationFraction);
  const validationQuotas = allocateQuotas(
    [...selections.entries()].map(([name, rows]) => ({ name, available: rows.length, weight: Math.max(rows.length, 1e-9) })),
    validationTotal,
  );

  const trainDrafts: DraftRecord[] = [];
  const validationDrafts: DraftRecord[] = [];
  const figures: CorpusBuildFigures[] = [];
  // One random stream per kind, drawn only for rows that can take it: a build without ratings
  // is the same as before ratings existed.
  const relabelRandom = new Map<RelabelKind, Random>([
    ['rating', createRandom(hashString(`${seed}:ratings`))],
    ['group', createRandom(hashString(`${seed}:groups`))],
  ]);
  for (const corpus of corpora) {
    const selected = selections.get(corpus.name) ?? [];
    const validationCount = validationQuotas.get(corpus.name) ?? 0;
    const relabelled = new Map<RelabelKind, number>([
      ['rating', 0],
      ['group', 0],
    ]);
    selected.forEach((row, index) => {
      let draft: DraftRecord = { corpus: corpus.name, row, hard: [], random: [] };
      for (const [kind, rate] of relabelRates) {
        const candidate = relabelDraft(draft, virtualByName.get(relabelledCorpusName(corpus.name, kind)));
        if (candidate !== undefined && (relabelRandom.get(kind) as Random).next() < rate) {
          draft = candidate;
          relabelled.set(kind, (relabelled.get(kind) ?? 0) + 1);
          break;
        }
      }
      (index < validationCount ? validationDrafts : trainDrafts).push(draft);
    });
    figures.push({
      name: corpus.name,
      rows: rawRows.get(corpus.name) ?? 0,
      invalidLines: corpus.problems.length,
      rowsWithoutPositives: corpus.rows.filter((row) => row.labels.length === 0).length,
      duplicatesMerged: duplicates.get(corpus.name)?.merged ?? 0,
      crossCorpusDuplicates: duplicates.get(corpus.name)?.crossCorpus ?? 0,
      available: corpus.rows.length,
      labels: miner.labelsOf(corpus.name).length,
      weight: Number((weights.get(corpus.name) ?? 1).toFixed(3)),
      selected: selected.length,
      train: selected.length - validationCount,
      validation: validationCount,
      groupRecords: relabelled.get('group') ?? 0,
      ratingRecords: relabelled.get('rating') ?? 0,
    });
  }

  // 4. Mine negatives, then make every positive label a negative somewhere.
  const allDrafts = [...trainDrafts, ...validationDrafts];
  const mineRandom = createRandom(hashString(`${seed}:mine`));
  allDrafts.forEach((draft, index) => {
    const mined = (virtualByName.has(draft.corpus) ? virtualMiner : miner).mine(draft.corpus, draft.row, mineRandom);
    draft.hard = mined.hard;
    draft.random = mined.random;
    if ((index + 1) % 5000 === 0 || index + 1 === allDrafts.length) onProgress?.({ type: 'mine', done: index + 1, total: allDrafts.length });
  });
  const crossRole = enforceCrossRole(
    trainDrafts.filter((draft) => !virtualByName.has(draft.corpus)),
    miner,
    similarity,
    { minimum: settings.crossRoleMinimum },
  );

  // 5. Final records, shuffled, written atomically.
  const byName = new Map(corpora.map((corpus) => [corpus.name, corpus]));
  const finish = (drafts: DraftRecord[], random: Random): TrainingRecord[] =>
    random.shuffle(
      drafts.map((draft) => {
        const virtual = virtualByName.get(draft.corpus);
        if (virtual !== undefined) {
          const record = toRecord(draft, virtual, false);
          return { ...record, source: virtual.source, meta: { ...record.meta, labelForm: virtual.kind } };
        }
        const corpus = byName.get(draft.corpus) as Corpus;
        const useDescriptions = corpus.descriptions.size > 0 && random.next() < settings.descriptionRate;
        return toRecord(draft, corpus, useDescriptions);
      }),
    );
  const trainRecords = finish(trainDrafts, createRandom(hashString(`${seed}:train`)));
  const validationRecords = finish(validationDrafts, createRandom(hashString(`${seed}:validation`)));

  const trainWriter = await openRecordWriter(files.train);
  const validationWriter = await openRecordWriter(files.validation);
  try {
    await writeAll(trainWriter, trainRecords, onProgress);
    await writeAll(validationWriter, validationRecords, onProgress);
  } catch (error) {
    await trainWriter.abort();
    await validationWriter.abort();
    throw error;
  }
  await trainWriter.commit();
  await validationWriter.commit();

  const report: CorpusBuildReport = {
    seed,
    files,
    durationMs: Math.round(performance.now() - started),
    settings,
    embeddings: { modelVersion: embedder.modelVersion, labels: labels.length },
    corpora: figures,
    crossRole,
    problems: problems.slice(0, 200).map((problem) => `${problem.file}:${problem.line}: ${problem.reason}`),
    train: computeDatasetStats(trainRecords),
    validation: computeDatasetStats(validationRecords),
  };
  await writeJsonAtomic(files.report, report);
  return report;
}
