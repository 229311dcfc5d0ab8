/** `pnpm trainer package`: a trained model directory -> a release directory (fp16 weights, ONNX files). */
import { formatHelp, InvalidArgumentError, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { packageModel, type PackagedOnnx, type PackagedWeights } from '../packaging/package-model.js';
import type { CommandContext } from './command-context.js';

export const packageSpec: CommandSpec = {
  name: 'gliznet-trainer package',
  summary:
    'Build a release directory from a trained model: config.json, tokenizer.json, model.safetensors (fp16 by default) and the ONNX files, ' +
    'exported from the full-precision weights. A README.md model card already in --out is kept.',
  options: {
    model: { type: 'string', description: 'Trained model directory (config.json, tokenizer.json, model.safetensors), e.g. runs/<name>/best', required: true, placeholder: '<dir>' },
    out: { type: 'string', description: 'Release directory to write, e.g. models/my-model', required: true, placeholder: '<dir>' },
    weights: { type: 'string', choices: ['float16', 'float32', 'none'], default: 'float16', description: 'Precision of model.safetensors in the release ("none" ships ONNX only)' },
    onnx: { type: 'string', default: 'fp32,int8', placeholder: '<list>', description: 'ONNX files to ship: fp32 (onnx/model.onnx), int8 (onnx/model_quantized.onnx)' },
    threshold: { type: 'number', placeholder: '<p>', description: 'Multi-label threshold for the release\'s config.json (gliznet.threshold), e.g. one chosen on validation data; default the model\'s' },
    'max-labels-per-pass': {
      type: 'number',
      placeholder: '<n>',
      description: 'Most labels per pass for the release\'s config.json (gliznet.max_labels, the SDK\'s default); above the trained count only for text-and-self/self models with after-text/from-zero positions; default the model\'s',
    },
    overwrite: { type: 'boolean', default: false, description: 'Replace an existing --out directory' },
    json: { type: 'boolean', default: false, description: 'Print the result as JSON' },
  },
  examples: [
    'pnpm trainer package --model runs/gliznet-use-lite/best --out models/gliznet-use-lite',
    'pnpm trainer package --model runs/cross-encoder-use-lite/best --out models/cross-encoder-use-lite --weights none --onnx int8',
  ],
};

export async function packageCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, packageSpec);
  if (parsed.help) {
    context.stdout.write(formatHelp(packageSpec));
    return 0;
  }
  const values = parsed.values as { model: string; out: string; weights: PackagedWeights; onnx: string; threshold?: number; 'max-labels-per-pass'?: number; overwrite: boolean; json: boolean };
  const onnx = values.onnx.split(',').map((entry) => entry.trim());
  for (const entry of onnx) {
    if (entry !== 'fp32' && entry !== 'int8') throw new InvalidArgumentError('onnx', `--onnx takes fp32 and/or int8 separated by commas, got ${JSON.stringify(entry)}`);
  }
  const result = await packageModel(values.model, values.out, {
    weights: values.weights,
    onnx: onnx as PackagedOnnx[],
    overwrite: values.overwrite,
    ...(values.threshold === undefined ? {} : { threshold: values.threshold }),
    ...(values['max-labels-per-pass'] === undefined ? {} : { maxLabelsPerPass: values['max-labels-per-pass'] }),
  });
  if (values.json) {
    context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const lines = result.files.map((file) => `  ${file.path.padEnd(28)} ${(file.bytes / 1e6).toFixed(2).padStart(8)} MB`);
  context.stdout.write(`${result.directory}\n${lines.join('\n')}\n  ${'total'.padEnd(28)} ${(result.totalBytes / 1e6).toFixed(2).padStart(8)} MB\n`);
  return 0;
}
