/**
 * Test helper: a tiny random NLI model directory in the layout transformers.js' zero-shot pipeline
 * loads: config.json (BERT sequence classification, id2label entailment / neutral / contradiction),
 * tokenizer.json + tokenizer_config.json, onnx/model.onnx. The graph is BERT-shaped at its edges
 * (input_ids, attention_mask, token_type_ids -> logits [batch, 3]): word + token-type embeddings,
 * masked mean pooling, a tanh pooler and a 3-way classifier, with seeded random weights.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSeededRandom, writeFileAtomic, writeJsonAtomic } from '@gliznet/common';
import { createTinyTokenizerJson } from '@gliznet/onnx-export/testing';
import { encodeOnnxGraph } from './onnx-writer.js';

export const TINY_NLI_LABELS = ['entailment', 'neutral', 'contradiction'] as const;

export interface TinyNliModelOptions {
  /** Default 64. */
  vocabSize?: number;
  /** Default 8. */
  hiddenSize?: number;
  /** Default 1. */
  seed?: number;
}

/** Writes the model directory; returns its file paths. */
export async function writeTinyNliModel(directory: string, options: TinyNliModelOptions = {}): Promise<string[]> {
  const vocabSize = options.vocabSize ?? 64;
  const hidden = options.hiddenSize ?? 8;
  const random = createSeededRandom(options.seed ?? 1);
  const uniform = (count: number, amplitude: number): Float32Array => Float32Array.from({ length: count }, () => (random.next() * 2 - 1) * amplitude);
  const numClasses = TINY_NLI_LABELS.length;
  const model = encodeOnnxGraph({
    name: 'tiny_nli',
    opset: 13,
    inputs: [
      { name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] },
      { name: 'attention_mask', type: 'int64', shape: ['batch', 'sequence'] },
      { name: 'token_type_ids', type: 'int64', shape: ['batch', 'sequence'] },
    ],
    outputs: [{ name: 'logits', type: 'float', shape: ['batch', numClasses] }],
    initializers: [
      { name: 'word_embeddings', type: 'float', dims: [vocabSize, hidden], values: uniform(vocabSize * hidden, 1) },
      { name: 'token_type_embeddings', type: 'float', dims: [2, hidden], values: uniform(2 * hidden, 1) },
      { name: 'pooler_weight', type: 'float', dims: [hidden, hidden], values: uniform(hidden * hidden, Math.sqrt(3 / hidden)) },
      { name: 'pooler_bias', type: 'float', dims: [hidden], values: uniform(hidden, 0.1) },
      { name: 'classifier_weight', type: 'float', dims: [hidden, numClasses], values: uniform(hidden * numClasses, 2) },
      { name: 'classifier_bias', type: 'float', dims: [numClasses], values: uniform(numClasses, 0.1) },
      { name: 'axis_1', type: 'int64', dims: [1], values: [1] },
      { name: 'axis_2', type: 'int64', dims: [1], values: [2] },
      { name: 'one', type: 'float', dims: [], values: [1] },
    ],
    nodes: [
      { opType: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['words'] }, // [batch, sequence, hidden]
      { opType: 'Gather', inputs: ['token_type_embeddings', 'token_type_ids'], outputs: ['types'] }, // [batch, sequence, hidden]
      { opType: 'Add', inputs: ['words', 'types'], outputs: ['embedded'] },
      { opType: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], intAttributes: { to: 1 } }, // [batch, sequence]
      { opType: 'Unsqueeze', inputs: ['mask', 'axis_2'], outputs: ['mask3'] }, // [batch, sequence, 1]
      { opType: 'Mul', inputs: ['embedded', 'mask3'], outputs: ['masked'] },
      { opType: 'ReduceSum', inputs: ['masked', 'axis_1'], outputs: ['summed'], intAttributes: { keepdims: 0 } }, // [batch, hidden]
      { opType: 'ReduceSum', inputs: ['mask3', 'axis_1'], outputs: ['count'], intAttributes: { keepdims: 0 } }, // [batch, 1]
      { opType: 'Max', inputs: ['count', 'one'], outputs: ['safe_count'] },
      { opType: 'Div', inputs: ['summed', 'safe_count'], outputs: ['pooled'] },
      { opType: 'MatMul', inputs: ['pooled', 'pooler_weight'], outputs: ['pooler_product'] },
      { opType: 'Add', inputs: ['pooler_product', 'pooler_bias'], outputs: ['pooler_linear'] },
      { opType: 'Tanh', inputs: ['pooler_linear'], outputs: ['pooler'] },
      { opType: 'MatMul', inputs: ['pooler', 'classifier_weight'], outputs: ['classifier_product'] },
      { opType: 'Add', inputs: ['classifier_product', 'classifier_bias'], outputs: ['logits'] }, // [batch, 3]
    ],
  });
  await mkdir(join(directory, 'onnx'), { recursive: true });
  const id2label = Object.fromEntries(TINY_NLI_LABELS.map((label, index) => [String(index), label]));
  const label2id = Object.fromEntries(TINY_NLI_LABELS.map((label, index) => [label, index]));
  const files = {
    config: join(directory, 'config.json'),
    tokenizer: join(directory, 'tokenizer.json'),
    tokenizerConfig: join(directory, 'tokenizer_config.json'),
    model: join(directory, 'onnx', 'model.onnx'),
  };
  await writeJsonAtomic(files.config, {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    vocab_size: vocabSize,
    hidden_size: hidden,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: hidden,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    id2label,
    label2id,
  });
  await writeJsonAtomic(files.tokenizer, createTinyTokenizerJson({ vocabSize }));
  await writeJsonAtomic(files.tokenizerConfig, {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  });
  await writeFileAtomic(files.model, model);
  return Object.values(files);
}
