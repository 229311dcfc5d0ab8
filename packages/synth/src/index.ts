// @gliznet/synth: public API. See README.md.
export { type TrainingRecord, type RecordCheck, checkRecord, recordToJsonLine } from './records/record.js';
export { readJsonLines, type JsonLine } from './records/json-lines.js';
export {
  readRecords,
  readRecordFile,
  formatRecordProblem,
  type ReadRecordsOptions,
  type RecordProblem,
  type RecordAtLine,
} from './records/read-records.js';
export { openRecordWriter, writeRecordFile, completeLinesLength, type RecordWriter, type RecordWriterOptions } from './records/record-writer.js';
export {
  computeDatasetStats,
  formatDatasetStats,
  DatasetStatsAccumulator,
  type DatasetStats,
  type Distribution,
  type FormatStatsOptions,
} from './records/dataset-stats.js';
export { createRandom, hashString, type Random } from './random.js';
export {
  createCachedLabelEmbedder,
  type LabelEmbedder,
  type SentenceEncoder,
  type SentenceEncoderSource,
  type CachedLabelEmbedderOptions,
} from './embeddings/label-embedder.js';
export { locateSharedDirectory, findRepositoryRoot, type LocateSharedOptions } from './corpus/shared-directory.js';
export { corpusLabelName, textKey } from './corpus/normalize-label.js';
// The one label key (NFKC, trimmed, whitespace collapsed, lower-cased), re-exported as before.
export { normalizeLabel } from '@gliznet/common';
export { readCorpus, listCorpora, type Corpus, type CorpusInput, type CorpusRow, type ReadCorpusOptions } from './corpus/read-corpus.js';
export { allocateQuotas, type QuotaRequest } from './corpus/allocate-quotas.js';
export { LabelSimilarity } from './corpus/label-similarity.js';
export { NegativeMiner, DEFAULT_NEGATIVE_MINING, sharesContentWord, type NegativeMiningOptions, type MinedNegatives } from './corpus/negative-miner.js';
export { enforceCrossRole, type CrossRoleResult, type DraftRecord } from './corpus/cross-role.js';
export {
  buildCorpusDataset,
  type BuildCorpusOptions,
  type BuildProgressEvent,
  type CorpusBuildReport,
  type CorpusBuildFigures,
  type CorpusSettings,
} from './corpus/build-corpus-dataset.js';
export { DEFAULT_GENRES } from './llm/genres.js';
export { SYSTEM_PROMPT, buildBatchRequest, type BatchSpec } from './llm/prompt.js';
export { parseSynthesisReply, type ParsedReply, type ReplyCheck } from './llm/parse-reply.js';
export {
  ProviderCallFailure,
  parseRetryAfter,
  type ChatProvider,
  type ChatRequest,
  type ChatResult,
  type ProviderName,
  type FailureKind,
} from './llm/provider.js';
export { createChatProvider, type ProviderOptions } from './llm/create-provider.js';
export { createOllamaProvider, type OllamaProviderOptions } from './llm/ollama-provider.js';
export { createOpenAiCompatibleProvider, type OpenAiCompatibleProviderOptions } from './llm/openai-compatible-provider.js';
export { scanSynthesisOutput, type SynthesisOutputScan } from './llm/synthesis-output.js';
export {
  generateSynthetic,
  type GenerateSyntheticOptions,
  type SynthesisReport,
  type SynthesisTotals,
  type SynthesisProgressEvent,
} from './llm/generate-synthetic.js';
// CLI entry functions for apps/trainer's `data build | generate | stats` (they write to the given streams).
export { createProgressRenderer, type ProgressRenderer, type ProgressRendererOptions, type CommandOutput } from './cli/progress-renderer.js';
export { runBuildCommand, defaultBuildOutput, type BuildCommandOptions } from './cli/build-command.js';
export { runGenerateCommand, type GenerateCommandOptions } from './cli/generate-command.js';
export { runStatsCommand, type StatsCommandOptions } from './cli/stats-command.js';
