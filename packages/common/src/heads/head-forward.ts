/**
 * The parts of both heads that follow pooling, written once against `Ops<T>`: the encoder's
 * sentence head tanh(W x + b) (with `sentence_head`), gliznet's projection and scorer, the
 * cross-encoder's classifier. Pooling itself stays with each backend (tfjs builds the label
 * membership matrix from lmask in plain JS; the ONNX graph derives the label slots in-graph).
 */
import { encoderFamily } from '../encoder-families/index.js';
import type { GliznetSettings } from '../model-config.js';
import type { Ops } from '../ops.js';
import { scorer } from '../scorers/index.js';
import { scorerWidth } from './head-tensors.js';

/**
 * tanh(x W^T + b) with the family's sentence head `<prefix>.*`: [..., hidden] -> [..., hidden]. Its
 * product is quantized in the int8 graph like the encoder's; `x` may be one vector (`fewRows`).
 */
export function applySentenceHead<T>(ops: Ops<T>, x: T, encoder: GliznetSettings['encoder']): T {
  return ops.tanh(ops.dense(x, encoderFamily(encoder).sentenceHeadPrefix, { quantizable: true, fewRows: true }));
}

/**
 * gliznet scores from pooled vectors: text [batch, hidden], labels [batch, numLabels, hidden] ->
 * [batch, numLabels] (before padded slots are masked). The sentence head runs once over
 * [text; labels] stacked, so its (quantizable) product and weights appear once in a graph.
 */
export function scorePooledVectors<T>(ops: Ops<T>, pooled: { text: T; labels: T }, settings: Pick<GliznetSettings, 'encoder' | 'sentenceHead' | 'projectionDim' | 'similarity'>, hiddenSize: number): T {
  let { text, labels } = pooled;
  if (settings.sentenceHead) {
    ops.scope('sentence_head', () => {
      const stacked = ops.concat([ops.unsqueeze(text, [1]), labels], 1); // [batch, 1 + numLabels, hidden]
      const activated = applySentenceHead(ops, stacked, settings.encoder);
      text = ops.select(activated, 1, 0); // [batch, hidden]
      labels = ops.sliceFrom(activated, 1, 1); // [batch, numLabels, hidden]
    });
  }
  if (settings.projectionDim !== null) {
    ops.scope('projection', () => {
      text = ops.dense(text, 'gliznet.projection', { fewRows: true }); // [batch, d]
      labels = ops.dense(labels, 'gliznet.projection', { fewRows: true }); // [batch, numLabels, d]
    });
  }
  const width = scorerWidth(settings, hiddenSize);
  return ops.scope('scorer', () => scorer(settings.similarity).score(ops, text, labels, { width }));
}

/** The cross-encoder's logit from the pooled sequence: pooled [batch, hidden] -> [batch, 1]. */
export function crossEncoderLogits<T>(ops: Ops<T>, pooled: T, settings: Pick<GliznetSettings, 'encoder' | 'sentenceHead'>): T {
  const vector = settings.sentenceHead ? ops.scope('sentence_head', () => applySentenceHead(ops, pooled, settings.encoder)) : pooled; // [batch, hidden]
  return ops.dense(vector, 'cross_encoder.classifier', { fewRows: true });
}
