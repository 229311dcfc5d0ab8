/**
 * Writes a model directory whose weights interpolate two checkpoints of the same model (see
 * weight-interpolation.ts): config.json and tokenizer.json are copied from --to.
 *
 *   pnpm tsx --conditions=@gliznet/source tooling/scripts/src/interpolate-weights.ts \
 *     --from runs/init-cosine/last --to runs/gliznet-use-lite/best --alpha 0.5 --out runs/wise-0.5
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatHelp, parseCommandLine, readModelConfig, readSafetensors, writeSafetensors, type CommandSpec } from '@gliznet/common';
import { interpolateTensors } from './weight-interpolation.js';

const spec: CommandSpec = {
  name: 'interpolate-weights',
  summary: 'Model directory with weights (1 - alpha) * from + alpha * to (two checkpoints of the same model).',
  options: {
    from: { type: 'string', required: true, placeholder: '<dir>', description: 'model directory at alpha 0 (e.g. the untrained initial model)' },
    to: { type: 'string', required: true, placeholder: '<dir>', description: 'model directory at alpha 1 (e.g. the trained model); its config and tokenizer are copied' },
    alpha: { type: 'number', required: true, placeholder: '<a>', description: 'weight of --to, between 0 and 1' },
    out: { type: 'string', required: true, placeholder: '<dir>', description: 'model directory to write' },
  },
  examples: ['pnpm tsx --conditions=@gliznet/source tooling/scripts/src/interpolate-weights.ts --from runs/init-cosine/last --to runs/gliznet-use-lite/best --alpha 0.5 --out runs/wise-0.5'],
};

const parsed = parseCommandLine(process.argv.slice(2), spec);
if (parsed.help) {
  process.stdout.write(formatHelp(spec));
  process.exit(0);
}
const values = parsed.values as { from: string; to: string; alpha: number; out: string };
await readModelConfig(values.from); // a clear error when either is not a model directory
await readModelConfig(values.to);
const mixed = interpolateTensors(await readSafetensors(join(values.from, 'model.safetensors')), await readSafetensors(join(values.to, 'model.safetensors')), { alpha: values.alpha });
await mkdir(values.out, { recursive: true });
for (const file of ['config.json', 'tokenizer.json']) await copyFile(join(values.to, file), join(values.out, file));
await writeSafetensors(join(values.out, 'model.safetensors'), mixed);
process.stdout.write(`${values.out}: ${mixed.size} tensors, alpha ${values.alpha}\n`);
