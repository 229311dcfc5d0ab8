/** `pnpm trainer export`: writes onnx/model.onnx (and the int8 model) into a trained model directory. */
import { formatHelp, parseCommandLine, type CommandSpec } from '@gliznet/common';
import { exportOnnx } from '@gliznet/onnx-export';
import type { CommandContext } from './command-context.js';

export const exportSpec: CommandSpec = {
  name: 'gliznet-trainer export',
  summary: 'Export a trained model directory to ONNX for @gliznet/sdk and any ONNX runtime (fp32, plus int8 unless --no-quantize).',
  options: {
    model: { type: 'string', description: 'Model directory (config.json, tokenizer.json, model.safetensors)', required: true, placeholder: '<dir>' },
    'no-quantize': { type: 'boolean', description: 'Skip onnx/model_quantized.onnx', default: false },
    json: { type: 'boolean', description: 'Print the export result as JSON', default: false },
  },
  examples: ['pnpm trainer export --model runs/gliznet-use-lite/best'],
};

export async function exportCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const parsed = parseCommandLine(argv, exportSpec);
  if (parsed.help) {
    context.stdout.write(formatHelp(exportSpec));
    return 0;
  }
  const values = parsed.values as { model: string; 'no-quantize': boolean; json: boolean };
  const result = await exportOnnx(values.model, { quantize: !values['no-quantize'] });
  context.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${JSON.stringify(result)}\n`);
  return 0;
}
