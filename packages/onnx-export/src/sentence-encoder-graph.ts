/**
 * A sentence encoder as ONNX: the encoder of a BERT checkpoint, then its sentence-transformers
 * pooling (mean over the attention mask, or the [CLS] row) and L2 normalisation. The graph is what
 * the bi-encoder baseline computes; its one output is `sentence_embedding` [batch, hidden].
 *
 *   inputs  input_ids, attention_mask, token_type_ids   int64 [batch, sequence]
 *   output  sentence_embedding                          float32 [batch, hidden]
 */
import { join } from 'node:path';
import { DEFAULT_GLIZNET_SETTINGS, readModelConfig, readSafetensors, readSentencePooling, writeFileAtomic, type ModelConfig, type SentencePooling } from '@gliznet/common';
import { buildEncoder } from './encoder-graph.js';
import { attribute, GraphBuilder } from './graph-builder.js';
import { encoderDimensions } from './required-tensors.js';
import { ModelWeights } from './model-weights.js';
import { encodeModel, OnnxDataType } from './onnx-proto.js';

/** Floor of the denominators: the token count of an all-padding row, the norm of a zero vector. */
const EPSILON = 1e-9;

/**
 * Serialized `.onnx` bytes of the sentence encoder of a Hugging Face BERT `config` with its
 * `tensors`. Throws ModelLoadError (naming `weightsPath`) listing missing or misshapen tensors.
 */
export function buildSentenceEncoderOnnx(config: ModelConfig, tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>, pooling: SentencePooling, options: { weightsPath?: string } = {}): Uint8Array {
  // Encoder tensors only: no sentence head, no projection, a scorer without weights.
  const encoderOnly: ModelConfig = { huggingFace: config.huggingFace, gliznet: { ...config.gliznet, architecture: 'gliznet', sentenceHead: false, projectionDim: null, similarity: 'dot' } };
  const dimensions = encoderDimensions(encoderOnly);
  const weights = ModelWeights.check(encoderOnly, dimensions, tensors, options.weightsPath ?? 'model.safetensors');
  const builder = new GraphBuilder({ quantization: null });
  const inputIds = builder.addInput('input_ids', OnnxDataType.int64, ['batch', 'sequence'], 'int64 [batch, sequence]: [CLS] text [SEP] token ids, padded');
  const attentionMask = builder.addInput('attention_mask', OnnxDataType.int64, ['batch', 'sequence'], 'int64 [batch, sequence]: 1 for tokens, 0 for padding');
  const tokenTypeIds = builder.addInput('token_type_ids', OnnxDataType.int64, ['batch', 'sequence'], 'int64 [batch, sequence]: zeros');
  const encoder = buildEncoder(builder, { inputIds, attentionMask, tokenTypeIds }, dimensions, weights);
  const vector = builder.scope('sentence_pooling', () => {
    const hidden = encoder.hiddenStates; // [batch, sequence, hidden]
    let pooled: string; // [batch, hidden]
    if (pooling.pooling === 'cls') {
      pooled = builder.addNode('Gather', [hidden, builder.constantInt64(0)], { axis: attribute.int(1) });
    } else {
      const mask = builder.toFloat(attentionMask); // [batch, sequence]
      const sums = builder.squeeze(builder.addNode('MatMul', [builder.unsqueeze(mask, [1]), hidden]), [1]); // [batch, hidden]
      const counts = builder.addNode('Max', [builder.reduceSum(mask, [1], { keepDims: true }), builder.constantFloat(EPSILON)]); // [batch, 1]
      pooled = builder.addNode('Div', [sums, counts]);
    }
    if (!pooling.normalize) return pooled;
    const norm = builder.addNode('Max', [builder.addNode('ReduceL2', [pooled], { axes: attribute.ints([1]), keepdims: attribute.int(1) }), builder.constantFloat(EPSILON)]); // [batch, 1]
    return builder.addNode('Div', [pooled, norm]);
  });
  builder.addOutput(vector, 'sentence_embedding', OnnxDataType.float, ['batch', encoder.hiddenSize], `float32 [batch, hidden]: ${pooling.pooling} pooling${pooling.normalize ? ', L2-normalised' : ''}`);
  const model = builder.toModel({
    graphName: 'gliznet_sentence_encoder',
    docString: `sentence encoder: ${dimensions.family} encoder, ${pooling.pooling} pooling${pooling.normalize ? ', L2 normalisation' : ''}, fp32. See docs/model-format.md.`,
    producerVersion: '0',
    metadata: { 'gliznet.sentence_pooling': JSON.stringify(pooling) },
  });
  return encodeModel(model);
}

/**
 * Writes `<directory>/onnx/sentence_encoder.onnx` for a sentence-transformers BERT directory
 * (config.json, model.safetensors, 1_Pooling/config.json); returns its path and size.
 */
export async function exportSentenceEncoderOnnx(directory: string, options: { outputPath?: string } = {}): Promise<{ path: string; bytes: number }> {
  const config = await readModelConfig(directory);
  const withBert: ModelConfig = { huggingFace: config.huggingFace, gliznet: { ...DEFAULT_GLIZNET_SETTINGS, ...config.gliznet, encoder: 'bert' } };
  const weightsPath = join(directory, 'model.safetensors');
  const bytes = buildSentenceEncoderOnnx(withBert, await readSafetensors(weightsPath), await readSentencePooling(directory), { weightsPath });
  const path = options.outputPath ?? join(directory, 'onnx', 'sentence_encoder.onnx');
  await writeFileAtomic(path, bytes);
  return { path, bytes: bytes.byteLength };
}
