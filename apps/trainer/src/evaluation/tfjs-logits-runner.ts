/**
 * The model side of the SDK's classification pipeline (`@gliznet/sdk/pipeline`'s LogitsRunner) on a
 * tfjs GliznetModel: the pipeline plans label passes and windows, encodes the batches and merges the
 * logits, this only runs `model.forward` on each encoded batch. So `pnpm trainer evaluate` (and the
 * trainer's validation) score exactly as the SDK does, with tfjs instead of onnxruntime.
 */
import { InferenceError } from '@gliznet/common';
import type { GliznetModel } from '@gliznet/core';
import type { FloatOutput, IntegerInput, LogitsRunner } from '@gliznet/sdk/pipeline';
import * as tf from '@tensorflow/tfjs-core';

function input(inputs: Record<string, IntegerInput>, name: string): IntegerInput {
  const value = inputs[name];
  if (value === undefined) throw new InferenceError(`the encoded batch has no ${name} input (it has ${Object.keys(inputs).join(', ')}); encode it with the pipeline's tokenizer encoder`);
  return value;
}

/**
 * Runs `model` (inference mode) on the pipeline's `[batch, sequence]` int32 inputs (`input_ids`,
 * `attention_mask`, `token_type_ids`, `lmask`) and returns its logits: `[batch, numLabels]` for
 * GliZNet (padded label slots -10000), `[batch, 1]` for a cross-encoder.
 */
export function createTfjsLogitsRunner(model: GliznetModel): LogitsRunner {
  return {
    async runLogits(inputs) {
      const inputIds = input(inputs, 'input_ids');
      const [batchSize, sequenceLength] = inputIds.dims as [number, number];
      const output = model.forward(
        {
          inputIds: inputIds.data,
          attentionMask: input(inputs, 'attention_mask').data,
          ...(inputs['token_type_ids'] === undefined ? {} : { tokenTypeIds: inputs['token_type_ids'].data }),
          ...(model.architecture === 'cross-encoder' ? {} : { lmask: input(inputs, 'lmask').data }),
          batchSize,
          sequenceLength,
        },
        { training: false },
      );
      try {
        const data = (await output.logits.data()) as Float32Array; // [batch, numLabels]
        return { data, dims: [...output.logits.shape] } satisfies FloatOutput;
      } finally {
        tf.dispose([output.logits, output.labelMask]);
      }
    },
  };
}
