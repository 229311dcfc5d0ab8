/**
 * Developer tool: rebuilds a model directory (config.json + model.safetensors) from an exported
 * `.onnx` file, so a shipped model can be re-exported with `pnpm trainer export` when its training
 * checkpoint is not on the machine (models/cross-encoder-use-lite ships only its int8 file).
 *
 *   pnpm exec tsx --conditions=@gliznet/source packages/onnx-export/scripts/weights-from-onnx.ts <file.onnx> <out dir>
 *
 * config.json and tokenizer.json are copied from the model directory holding `onnx/` (config.json from
 * the file's `gliznet.config` metadata when absent). From an fp32 file the weights are
 * exact (dense weights transposed back to [out, in]). From an int8 file they are the dequantized
 * codes (code x scale): quantizing those again gives the same codes (a column's largest magnitude is
 * its scale x 63), so a re-export reproduces the int8 weights; the check below proves it per tensor.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseModelConfig, writeSafetensors } from '@gliznet/common';
import { buildOnnxModel, DEFAULT_QUANTIZATION, decodeModel, encoderDimensions, requiredTensorShapes } from '../src/index.js';

const [source, out] = process.argv.slice(2);
if (source === undefined || out === undefined) throw new Error('usage: weights-from-onnx.ts <file.onnx> <out dir>');
const model = decodeModel(await readFile(source));
const metadata = new Map(model.metadataProps.map(({ key, value }) => [key, value]));
const configJson = JSON.parse(metadata.get('gliznet.config') ?? 'null') as Record<string, unknown> | null;
if (configJson === null) throw new Error(`${source} has no gliznet.config metadata`);
const config = parseModelConfig(configJson);
const quantized = metadata.get('gliznet.precision') === 'int8';

const initializers = new Map(model.graph.initializer.map((tensor) => [tensor.name, tensor]));
const floats = (name: string): Float32Array => {
  const tensor = initializers.get(name)!;
  return new Float32Array(Uint8Array.from(tensor.rawData).buffer);
};
const int8s = (name: string): Int8Array => new Int8Array(Uint8Array.from(initializers.get(name)!.rawData).buffer);

const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
for (const [name, shape] of requiredTensorShapes(config, encoderDimensions(config))) {
  const isDense = shape.length === 2 && name.endsWith('.weight') && !name.includes('embeddings') && name !== 'gliznet.scorer.weight';
  let stored: Float32Array; // the ONNX layout: [in, out] for a dense weight, else as in safetensors
  if (initializers.has(name)) {
    stored = floats(name);
  } else if (quantized && initializers.has(`${name}.int8`)) {
    const codes = int8s(`${name}.int8`);
    const scales = floats(`${name}.scale`);
    const columns = isDense ? shape[0]! : shape[1]!; // dense: one scale per output column; table: per row
    stored = Float32Array.from(codes, (code, index) => code * scales[isDense ? index % columns : Math.floor(index / columns)]!);
  } else {
    throw new Error(`${source}: no initializer for ${name}`);
  }
  if (!isDense) {
    tensors.set(name, { shape, data: stored });
    continue;
  }
  const [outFeatures, inFeatures] = shape as [number, number];
  const data = new Float32Array(outFeatures * inFeatures);
  for (let i = 0; i < inFeatures; i++) for (let o = 0; o < outFeatures; o++) data[o * inFeatures + i] = stored[i * outFeatures + o]!;
  tensors.set(name, { shape, data });
}

// Check: a rebuild from these weights holds the same initializers (same precision as the source).
const rebuilt = decodeModel(buildOnnxModel(config, tensors, { quantization: quantized ? DEFAULT_QUANTIZATION : null }));
let compared = 0;
let largestScaleChange = 0;
for (const tensor of rebuilt.graph.initializer) {
  const original = initializers.get(tensor.name);
  if (original === undefined || tensor.name.startsWith('const_')) continue;
  compared++;
  if (tensor.name.endsWith('.scale')) {
    const before = floats(tensor.name);
    const after = new Float32Array(Uint8Array.from(tensor.rawData).buffer);
    after.forEach((value, index) => (largestScaleChange = Math.max(largestScaleChange, Math.abs(value - before[index]!) / Math.abs(before[index]!))));
  } else if (Buffer.compare(Buffer.from(tensor.rawData), Buffer.from(original.rawData)) !== 0) {
    throw new Error(`check failed: ${tensor.name} differs after the round trip`);
  }
}
await mkdir(out, { recursive: true });
// The model directory's own config.json when there is one (the metadata holds the same settings).
await copyFile(join(dirname(dirname(source)), 'config.json'), join(out, 'config.json')).catch(() => writeFile(join(out, 'config.json'), `${JSON.stringify(configJson, null, 2)}\n`));
await writeSafetensors(join(out, 'model.safetensors'), tensors);
await copyFile(join(dirname(dirname(source)), 'tokenizer.json'), join(out, 'tokenizer.json')).catch(() => undefined);
process.stdout.write(`${out}: ${tensors.size} tensors from ${source} (${quantized ? 'int8, dequantized' : 'fp32, exact'}); round trip: ${compared} initializers identical${quantized ? ` (codes exactly; scales within ${largestScaleChange.toExponential(1)} relative)` : ''}\n`);
