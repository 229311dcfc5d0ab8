/**
 * Test utility: a plain-TypeScript float64 forward pass of a gliznet model, written directly from
 * the math of docs/model-format.md and /work/shared/notes/use-lite.md, independently of the graph
 * builders (no shared code with src/ beyond config parsing). Slow, for tiny models only.
 */
import type { LabelAttention, LabelPositions, ModelConfig } from '@gliznet/common';

type Weights = ReadonlyMap<string, { shape: number[]; data: Float32Array }>;
/** [rows][columns] */
type Matrix = number[][];

export interface ReferenceBatch {
  batchSize: number;
  sequenceLength: number;
  /** Flat [batch * sequence] arrays. */
  inputIds: number[];
  attentionMask: number[];
  lmask?: number[];
  tokenTypeIds?: number[];
}

export interface ReferenceOutput {
  /** [batch][numLabels] (gliznet) or [batch][1] (cross-encoder) */
  logits: number[][];
  /** [batch][numLabels] 1/0 (gliznet only) */
  labelMask: number[][];
}

function tensor(weights: Weights, name: string): { shape: number[]; data: Float32Array } {
  const found = weights.get(name);
  if (found === undefined) throw new Error(`reference: missing ${name}`);
  return found;
}

/** y = W x + b with W stored [out, in]; applied to each row of `x` [n][in]. */
function linear(weights: Weights, prefix: string, x: Matrix, options: { bias?: boolean } = {}): Matrix {
  const { shape, data } = tensor(weights, `${prefix}.weight`);
  const [outFeatures, inFeatures] = shape as [number, number];
  const bias = options.bias === false ? undefined : tensor(weights, `${prefix}.bias`).data;
  return x.map((row) => {
    const out = new Array<number>(outFeatures);
    for (let o = 0; o < outFeatures; o++) {
      let sum = bias === undefined ? 0 : bias[o]!;
      for (let i = 0; i < inFeatures; i++) sum += data[o * inFeatures + i]! * row[i]!;
      out[o] = sum;
    }
    return out;
  });
}

function layerNorm(weights: Weights, prefix: string, x: Matrix, epsilon: number): Matrix {
  const gamma = tensor(weights, `${prefix}.weight`).data;
  const beta = tensor(weights, `${prefix}.bias`).data;
  return x.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
    const inverse = 1 / Math.sqrt(variance + epsilon);
    return row.map((value, index) => gamma[index]! * (value - mean) * inverse + beta[index]!);
  });
}

const add = (a: Matrix, b: Matrix): Matrix => a.map((row, i) => row.map((value, j) => value + b[i]![j]!));

/** Self-attention of one sequence; `visible[q][k]` is 1 where query q may attend to key k. Returns context [seq][width] and probabilities [heads][seq][seq]. */
function attention(query: Matrix, key: Matrix, value: Matrix, visible: number[][], numHeads: number): { context: Matrix; probabilities: number[][][] } {
  const sequenceLength = query.length;
  const width = query[0]!.length;
  const headSize = width / numHeads;
  const scale = 1 / Math.sqrt(headSize);
  const context: Matrix = Array.from({ length: sequenceLength }, () => new Array<number>(width).fill(0));
  const probabilities: number[][][] = [];
  for (let head = 0; head < numHeads; head++) {
    const offset = head * headSize;
    const headProbabilities: number[][] = [];
    for (let q = 0; q < sequenceLength; q++) {
      const logits = new Array<number>(sequenceLength);
      for (let k = 0; k < sequenceLength; k++) {
        let dot = 0;
        for (let d = 0; d < headSize; d++) dot += query[q]![offset + d]! * scale * key[k]![offset + d]!;
        logits[k] = dot + (1 - visible[q]![k]!) * -1e9;
      }
      const maximum = Math.max(...logits);
      const exps = logits.map((logit) => Math.exp(logit - maximum));
      const total = exps.reduce((a, b) => a + b, 0);
      const row = exps.map((value) => value / total);
      headProbabilities.push(row);
      for (let d = 0; d < headSize; d++) {
        let sum = 0;
        for (let k = 0; k < sequenceLength; k++) sum += row[k]! * value[k]![offset + d]!;
        context[q]![offset + d] = sum;
      }
    }
    probabilities.push(headProbabilities);
  }
  return { context, probabilities };
}

interface Encoded {
  /** [seq][hidden] */
  hidden: Matrix;
  /** last layer: [heads][seq][seq] */
  probabilities: number[][][];
}

function useLiteEncode(config: ModelConfig, weights: Weights, ids: number[], mask: number[], visible: number[][], positionIds: number[]): Encoded {
  const keys = config.huggingFace;
  const embeddingSize = keys['embedding_size'] as number;
  const hiddenSize = keys['hidden_size'] as number;
  const numLayers = keys['num_hidden_layers'] as number;
  const numHeads = keys['num_attention_heads'] as number;
  const epsilon = (keys['layer_norm_eps'] as number | undefined) ?? 1e-6;
  const act = (keys['hidden_act'] as string | undefined) ?? 'relu';
  const table = tensor(weights, 'use_lite.embeddings.weight').data;
  const inverse = tensor(weights, 'use_lite.timing_signal.inverse_timescales').data;
  const half = embeddingSize / 2;
  let x: Matrix = ids.map((id, position) => {
    const row = new Array<number>(embeddingSize);
    for (let c = 0; c < embeddingSize; c++) {
      const angle = positionIds[position]! * inverse[c % half]!;
      const signal = mask[position] === 1 ? (c < half ? Math.sin(angle) : Math.cos(angle)) : 0;
      row[c] = 2 * table[id * embeddingSize + c]! + signal;
    }
    return row;
  });
  let probabilities: number[][][] = [];
  for (let layer = 0; layer < numLayers; layer++) {
    const prefix = `use_lite.layer.${layer}`;
    const width = layer === 0 ? embeddingSize : hiddenSize;
    const qkv = linear(weights, `${prefix}.attention.qkv`, layerNorm(weights, `${prefix}.attention.layer_norm`, x, epsilon));
    const result = attention(
      qkv.map((row) => row.slice(0, width)),
      qkv.map((row) => row.slice(width, 2 * width)),
      qkv.map((row) => row.slice(2 * width)),
      visible,
      numHeads,
    );
    probabilities = result.probabilities;
    const attended = linear(weights, `${prefix}.attention.output`, result.context);
    const residual = width !== hiddenSize ? linear(weights, `${prefix}.residual`, x) : x;
    const h = add(residual, attended);
    const intermediate = linear(weights, `${prefix}.ffn.intermediate`, layerNorm(weights, `${prefix}.ffn.layer_norm`, h, epsilon)).map((row) => row.map((v) => activate(act, v)));
    x = add(h, linear(weights, `${prefix}.ffn.output`, intermediate));
  }
  return { hidden: x, probabilities };
}

/** erf by Abramowitz-Stegun 7.1.26 is too coarse for 1e-6 checks; use a series / continued fraction. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const z = Math.abs(x);
  if (z < 3) {
    // Maclaurin series: erf(z) = 2/sqrt(pi) sum (-1)^n z^(2n+1) / (n! (2n+1))
    let term = z;
    let sum = z;
    for (let n = 1; n < 80; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    return (sign * 2 * sum) / Math.sqrt(Math.PI);
  }
  // erfc continued fraction (Lentz), accurate for z >= 3.
  let fraction = 0;
  for (let n = 60; n >= 1; n--) fraction = (n / 2) / (z + fraction);
  const erfc = Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + fraction);
  return sign * (1 - erfc);
}

function activate(name: string, value: number): number {
  if (name === 'relu') return Math.max(0, value);
  if (name === 'gelu_new' || name === 'gelu_pytorch_tanh') return 0.5 * value * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (value + 0.044715 * value ** 3)));
  return 0.5 * value * (1 + erf(value / Math.SQRT2));
}

function bertEncode(config: ModelConfig, weights: Weights, ids: number[], visible: number[][], types: number[], positionIds: number[]): Encoded {
  const keys = config.huggingFace;
  const hiddenSize = keys['hidden_size'] as number;
  const numLayers = keys['num_hidden_layers'] as number;
  const numHeads = keys['num_attention_heads'] as number;
  const epsilon = (keys['layer_norm_eps'] as number | undefined) ?? 1e-12;
  const act = (keys['hidden_act'] as string | undefined) ?? 'gelu';
  const words = tensor(weights, 'bert.embeddings.word_embeddings.weight').data;
  const positions = tensor(weights, 'bert.embeddings.position_embeddings.weight').data;
  const typeTable = tensor(weights, 'bert.embeddings.token_type_embeddings.weight').data;
  const summed: Matrix = ids.map((id, position) =>
    Array.from({ length: hiddenSize }, (_, c) => words[id * hiddenSize + c]! + positions[positionIds[position]! * hiddenSize + c]! + typeTable[types[position]! * hiddenSize + c]!),
  );
  let x = layerNorm(weights, 'bert.embeddings.LayerNorm', summed, epsilon);
  let probabilities: number[][][] = [];
  for (let layer = 0; layer < numLayers; layer++) {
    const prefix = `bert.encoder.layer.${layer}`;
    const result = attention(linear(weights, `${prefix}.attention.self.query`, x), linear(weights, `${prefix}.attention.self.key`, x), linear(weights, `${prefix}.attention.self.value`, x), visible, numHeads);
    probabilities = result.probabilities;
    const afterAttention = layerNorm(weights, `${prefix}.attention.output.LayerNorm`, add(x, linear(weights, `${prefix}.attention.output.dense`, result.context)), epsilon);
    const intermediate = linear(weights, `${prefix}.intermediate.dense`, afterAttention).map((row) => row.map((v) => activate(act, v)));
    x = layerNorm(weights, `${prefix}.output.LayerNorm`, add(afterAttention, linear(weights, `${prefix}.output.dense`, intermediate)), epsilon);
  }
  return { hidden: x, probabilities };
}

/** Weighted average of rows: sum w_j h_j / (sum w_j + epsilon). */
function weightedAverage(hidden: Matrix, positionWeights: number[], epsilon: number): number[] {
  const width = hidden[0]!.length;
  const out = new Array<number>(width).fill(0);
  let total = 0;
  positionWeights.forEach((weight, position) => {
    total += weight;
    for (let c = 0; c < width; c++) out[c]! += weight * hidden[position]![c]!;
  });
  return out.map((value) => value / (total + epsilon));
}

/** Mean of the rows where `mask` is 1, divided by max(count, 1). */
function maskedMean(hidden: Matrix, mask: number[]): number[] {
  const count = mask.reduce((a, b) => a + b, 0);
  return weightedAverage(hidden, mask, 0).map((value) => (count === 0 ? 0 : (value * count) / Math.max(count, 1)));
}

/** The encoder's sentence head tanh(W x + b) when `sentence_head` is true, else x unchanged. */
function sentenceHead(config: ModelConfig, weights: Weights, x: number[]): number[] {
  if (!config.gliznet.sentenceHead) return x;
  const prefix = { 'use-lite': 'use_lite.pooler', bert: 'bert.pooler.dense' }[config.gliznet.encoder];
  if (prefix === undefined) throw new Error(`referenceForward has no ${config.gliznet.encoder} sentence head: add the family's float64 math to testing/reference-forward.ts`);
  return linear(weights, prefix, [x])[0]!.map(Math.tanh);
}

/** x / max(|x|, 1e-12) (the cosine scorer's normalisation). */
function unitVector(x: number[]): number[] {
  const norm = Math.max(Math.sqrt(x.reduce((sum, value) => sum + value * value, 0)), 1e-12);
  return x.map((value) => value / norm);
}

/** The model's logits for a batch, in float64. */
/**
 * Which keys each query sees (docs/model-format.md, "Attention masks"): every real key with `all`;
 * otherwise by segment (0 text side, i label i, -1 the label side's separators), plus itself.
 */
function visibility(mode: LabelAttention, mask: number[], types: number[], lmask: number[]): number[][] {
  const segment = types.map((type, position) => (type === 0 ? 0 : lmask[position]! > 0 ? lmask[position]! : -1));
  return mask.map((_, q) =>
    mask.map((real, k) => {
      if (real !== 1) return 0;
      if (mode === 'all' || q === k) return 1;
      const keySeesText = mode === 'text-and-self' ? segment[k] === 0 : segment[q] === 0 && segment[k] === 0;
      return keySeesText || (segment[q]! > 0 && segment[q] === segment[k]) ? 1 : 0;
    }),
  );
}

/** Position of each token (docs/model-format.md, `label_positions`). */
function positionsOf(mode: LabelPositions, mask: number[], types: number[], lmask: number[]): number[] {
  if (mode === 'sequential') return mask.map((_, position) => position);
  const textLength = types.filter((type, position) => type === 0 && mask[position] === 1).length;
  const start = mode === 'after-text' ? textLength : 0;
  const seen = new Map<number, number>();
  return lmask.map((label, position) => {
    if (types[position] === 0 && mask[position] === 1) return position;
    if (label <= 0) return start;
    const rank = seen.get(label) ?? 0;
    seen.set(label, rank + 1);
    return start + rank;
  });
}

export function referenceForward(config: ModelConfig, weights: Weights, batch: ReferenceBatch): ReferenceOutput {
  const { batchSize, sequenceLength } = batch;
  const settings = config.gliznet;
  const slice = (values: number[] | undefined, row: number): number[] => (values ?? new Array<number>(batchSize * sequenceLength).fill(0)).slice(row * sequenceLength, (row + 1) * sequenceLength);
  const numLabels = batch.lmask === undefined ? 0 : Math.max(0, ...batch.lmask);
  const logits: number[][] = [];
  const labelMask: number[][] = [];
  for (let row = 0; row < batchSize; row++) {
    const ids = slice(batch.inputIds, row);
    const mask = slice(batch.attentionMask, row);
    const types = slice(batch.tokenTypeIds, row);
    const visible = visibility(settings.architecture === 'gliznet' ? settings.labelAttention : 'all', mask, types, slice(batch.lmask, row));
    const positionIds = positionsOf(settings.architecture === 'gliznet' ? settings.labelPositions : 'sequential', mask, types, slice(batch.lmask, row));
    if (settings.encoder !== 'use-lite' && settings.encoder !== 'bert') throw new Error(`referenceForward has no ${String(settings.encoder)} encoder: add the family's float64 math to testing/reference-forward.ts`);
    const encoded = settings.encoder === 'use-lite' ? useLiteEncode(config, weights, ids, mask, visible, positionIds) : bertEncode(config, weights, ids, visible, types, positionIds);
    const { hidden } = encoded;
    if (settings.architecture === 'cross-encoder') {
      const pooled = sentenceHead(config, weights, settings.textPooling === 'cls' ? hidden[0]! : maskedMean(hidden, mask));
      logits.push(linear(weights, 'cross_encoder.classifier', [pooled])[0]!);
      continue;
    }
    const lmask = slice(batch.lmask, row);
    // Text vector.
    let text: number[];
    if (settings.textPooling === 'cls') text = hidden[0]!;
    else text = maskedMean(hidden, mask.map((m, position) => (m === 1 && types[position] === 0 ? 1 : 0)));
    text = sentenceHead(config, weights, text);
    // [CLS] attention of the last layer, averaged over heads.
    const clsAttention = encoded.probabilities[0]!.map((_, key) => encoded.probabilities.reduce((sum, head) => sum + head[0]![key]!, 0) / encoded.probabilities.length);
    const rowLogits: number[] = [];
    const rowMask: number[] = [];
    for (let label = 1; label <= numLabels; label++) {
      const members = lmask.map((id) => (id === label ? 1 : 0));
      const present = members.some((member) => member === 1);
      const positionWeights = settings.labelPooling === 'attention' ? members.map((member, position) => member * clsAttention[position]!) : members;
      let labelVector = sentenceHead(config, weights, weightedAverage(hidden, positionWeights, 1e-9));
      let textVector = text;
      if (settings.projectionDim !== null) {
        labelVector = linear(weights, 'gliznet.projection', [labelVector])[0]!;
        textVector = linear(weights, 'gliznet.projection', [textVector])[0]!;
      }
      const width = textVector.length;
      let score = 0;
      if (settings.similarity === 'dot') {
        for (let c = 0; c < width; c++) score += textVector[c]! * labelVector[c]!;
        score /= width;
      } else if (settings.similarity === 'cosine') {
        const t = unitVector(textVector);
        const l = unitVector(labelVector);
        let cosine = 0;
        for (let c = 0; c < width; c++) cosine += t[c]! * l[c]!;
        score = tensor(weights, 'gliznet.scorer.scale').data[0]! * cosine + tensor(weights, 'gliznet.scorer.bias').data[0]!;
      } else if (settings.similarity === 'bilinear') {
        const matrix = tensor(weights, 'gliznet.scorer.weight').data;
        for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) score += textVector[i]! * matrix[i * width + j]! * labelVector[j]!;
      } else if (settings.similarity === 'dot_learning') {
        const w = tensor(weights, 'gliznet.scorer.weight').data;
        score = tensor(weights, 'gliznet.scorer.bias').data[0]!;
        for (let c = 0; c < width; c++) score += w[c]! * textVector[c]! * labelVector[c]!;
      } else {
        throw new Error(`referenceForward has no ${String(settings.similarity)} scorer: add its float64 math to testing/reference-forward.ts`);
      }
      rowLogits.push(present ? score : -10000);
      rowMask.push(present ? 1 : 0);
    }
    logits.push(rowLogits);
    labelMask.push(rowMask);
  }
  return { logits, labelMask };
}
