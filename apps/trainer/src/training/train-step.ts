/**
 * One optimizer step: forward pass, hybrid loss (BCE + hard-negative hinge, plus an optional
 * distillation term toward a teacher's label ranking), gradients of the
 * trainable variables, global-norm clipping, AdamW update. Returns the loss parts for logging.
 */
import type { GliznetModel } from '@gliznet/core';
import { bceLoss, distillationLoss, hybridLoss } from '@gliznet/losses';
import * as tf from '@tensorflow/tfjs-core';
import { clipByGlobalNorm, type AdamW } from './adamw.js';
import type { EncodedTrainingBatch } from './training-batch.js';

export interface StepLossOptions {
  alpha: number;
  beta: number;
  margin: number;
  bceScale: number;
  maxGradientNorm: number;
  /** Weight of the distillation term (used when `teacherScores` are given). */
  distillWeight: number;
  distillTemperature: number;
}

export interface StepResult {
  loss: number;
  bce: number;
  contrastive: number;
  /** The distillation term before its weight; 0 without a teacher. */
  distillation: number;
  gradientNorm: number;
}

/** Trainable variables by model-format name, minus the frozen ones. */
export function trainableVariableMap(model: GliznetModel, options: { freezeEmbeddings: boolean }): Map<string, tf.Variable> {
  const variables = new Map<string, tf.Variable>();
  for (const [name, variable] of model.variables()) {
    if (!variable.trainable) continue;
    if (options.freezeEmbeddings && /(^|\.)(word_embeddings|embeddings)\.weight$/.test(name)) continue;
    variables.set(name, variable);
  }
  return variables;
}

/**
 * `dropoutSeed` seeds this step's dropout masks (derive it from the run seed and the step, so a
 * resumed run draws the same masks). `teacherScores` ([batch, numLabels] row-major, gliznet only)
 * add `distillWeight * distillationLoss(teacherScores, logits)` to the loss.
 */
export function trainStep(model: GliznetModel, batch: EncodedTrainingBatch, variables: Map<string, tf.Variable>, optimizer: AdamW, learningRate: number, options: StepLossOptions & { dropoutSeed: number; teacherScores?: Float32Array }): StepResult {
  const nameOf = new Map([...variables].map(([name, variable]) => [variable.name, name]));
  let bce: tf.Scalar | undefined;
  let contrastive: tf.Scalar | undefined;
  let distillation: tf.Scalar | undefined;
  const crossEncoder = model.architecture === 'cross-encoder';
  const { value, grads } = tf.variableGrads(() => {
    const output = model.forward(batch.inputs, { training: true, dropoutSeed: options.dropoutSeed });
    const targets = tf.tensor2d(batch.targets, [batch.inputs.batchSize, batch.numLabels]); // [batch, numLabels]
    if (crossEncoder) {
      // One logit per pair: plain BCE (the hinge needs several labels per example).
      const loss = bceLoss(targets, output.logits, { scale: options.bceScale });
      bce = tf.keep(loss.clone());
      contrastive = tf.keep(tf.scalar(0));
      distillation = tf.keep(tf.scalar(0));
      return loss;
    }
    const parts = hybridLoss(targets, output.logits, { mask: output.labelMask, alpha: options.alpha, beta: options.beta, margin: options.margin, bceScale: options.bceScale });
    bce = tf.keep(parts.bce);
    contrastive = tf.keep(parts.contrastive);
    if (options.teacherScores === undefined) {
      distillation = tf.keep(tf.scalar(0));
      return parts.total;
    }
    const teacher = tf.tensor2d(options.teacherScores, [batch.inputs.batchSize, batch.numLabels]); // [batch, numLabels]
    distillation = tf.keep(distillationLoss(teacher, output.logits, { mask: output.labelMask, temperature: options.distillTemperature }));
    return tf.add(parts.total, tf.mul(tf.scalar(options.distillWeight), distillation)) as tf.Scalar;
  }, [...variables.values()]);
  const named = new Map<string, tf.Tensor>();
  for (const [variableName, gradient] of Object.entries(grads)) named.set(nameOf.get(variableName)!, gradient);
  const { gradients, norm } = clipByGlobalNorm(named, options.maxGradientNorm);
  optimizer.step(gradients, learningRate);
  const result: StepResult = { loss: value.dataSync()[0]!, bce: bce!.dataSync()[0]!, contrastive: contrastive!.dataSync()[0]!, distillation: distillation!.dataSync()[0]!, gradientNorm: norm };
  tf.dispose([value, bce!, contrastive!, distillation!, ...gradients.values(), ...named.values()]);
  return result;
}
