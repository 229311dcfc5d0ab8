import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf.js';
import { selectBackend } from './backend.js';
import { GliznetModel } from './gliznet-model.js';
import { createTinyModelConfig, type TinyModelOptions } from '@gliznet/common/testing';
import { randomValues } from './testing/gradient-check.js';
import { TINY_ROWS, tinyBatch } from './testing/tiny-batch.js';

// Whole-model gradient check: the analytic directional derivative sum(grad . v) against a central
// finite difference of the loss along a random direction v over every trainable variable. Smooth
// activations only (gelu): ReLU kinks make finite differences of a random direction unreliable
// (the ReLU gradient itself is tfjs's own).
beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  await selectBackend({ backend: 'wasm' });
});

describe('whole-model gradients match finite differences', () => {
  const cases: TinyModelOptions[] = [
    { encoder: 'use-lite', similarity: 'bilinear', projectionDim: 8 },
    { encoder: 'use-lite', labelPooling: 'mean', textPooling: 'mean' },
    { encoder: 'bert', similarity: 'dot_learning', textPooling: 'mean' },
    { encoder: 'bert', architecture: 'cross-encoder' },
    { encoder: 'use-lite', similarity: 'cosine', sentenceHead: true, labelPooling: 'mean', textPooling: 'mean' },
  ];
  const runs = (['wasm', 'cpu'] as const).flatMap((backend) => cases.map((options) => ({ backend, options })));
  it.each(runs)('$backend: $options', async ({ backend, options }) => {
    await selectBackend({ backend });
    const config = createTinyModelConfig(options);
    config.huggingFace['hidden_act'] = 'gelu';
    const model = GliznetModel.random(config, { seed: 11 });
    const batch = tinyBatch(TINY_ROWS);
    const inputs = options.architecture === 'cross-encoder' ? { ...batch, lmask: undefined } : batch;
    const variables = model.trainableVariables();
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const { logits, labelMask } = model.forward(inputs);
        const weights = tf.tensor(randomValues(logits.size, 5), logits.shape);
        // tanh of logits / 4: bounded, yet not saturated for the cosine head (its logits start near -5).
        return tf.sum(tf.mul(tf.mul(tf.tanh(tf.div(logits, 4)), weights), labelMask)) as tf.Scalar;
      });
    const directions = variables.map((variable, index) => tf.tensor(randomValues(variable.size, 100 + index), variable.shape));
    const { value, grads } = tf.variableGrads(loss, variables);
    let analytic = 0;
    variables.forEach((variable, index) => {
      analytic += tf.sum(tf.mul(grads[variable.name]!, directions[index]!)).dataSync()[0]!;
    });
    const step = 3e-4;
    const originals = variables.map((variable) => tf.clone(variable));
    const lossAt = (scale: number): number => {
      variables.forEach((variable, index) => variable.assign(tf.tidy(() => tf.add(originals[index]!, tf.mul(directions[index]!, scale)))));
      const result = loss();
      const number = result.dataSync()[0]!;
      result.dispose();
      return number;
    };
    // Five-point central difference: truncation error O(step^4), so the step can stay large enough
    // for float32 losses to resolve it.
    const numeric = (8 * (lossAt(step) - lossAt(-step)) - (lossAt(2 * step) - lossAt(-2 * step))) / (12 * step);
    lossAt(0);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    expect(Math.abs(numeric - analytic) / Math.abs(analytic)).toBeLessThan(1e-3);
    tf.dispose([value, ...Object.values(grads), ...directions, ...originals]);
    model.dispose();
  });
});
