/**
 * The model contract check every runtime applies to a freshly loaded ONNX graph (onnxruntime-node
 * in the SDK, onnxruntime-web in @gliznet/web): the inputs it declares must be ones the classifier
 * provides, and it must have a `logits` output. Runtime-neutral.
 */
import { ModelLoadError, type ModelConfig } from '@gliznet/common';

/** Inputs the classifier can provide; a graph asking for anything else cannot be served. */
const PROVIDED_INPUTS = ['input_ids', 'attention_mask', 'lmask', 'token_type_ids'] as const;

/** Checks the graph's inputs and outputs against what the classifier provides and needs. */
export function checkSessionSignature(session: { path: string; inputNames: readonly string[]; outputNames: readonly string[] }, config: ModelConfig): void {
  const problems: string[] = [];
  const unsupported = session.inputNames.filter((name) => !(PROVIDED_INPUTS as readonly string[]).includes(name));
  if (unsupported.length > 0) problems.push(`the graph expects inputs the classifier cannot provide: ${unsupported.join(', ')} (it provides ${PROVIDED_INPUTS.join(', ')})`);
  for (const name of ['input_ids', 'attention_mask']) {
    if (!session.inputNames.includes(name)) problems.push(`the graph has no "${name}" input`);
  }
  if (config.gliznet.architecture === 'gliznet' && !session.inputNames.includes('lmask')) {
    problems.push('config.json says architecture "gliznet" but the graph has no "lmask" input (is it a cross-encoder export?)');
  }
  if (!session.outputNames.includes('logits')) problems.push(`the graph has no "logits" output (outputs: ${session.outputNames.join(', ')})`);
  if (problems.length > 0) {
    throw new ModelLoadError(session.path, `${session.path} does not match the gliznet model contract (docs/model-format.md):\n  - ${problems.join('\n  - ')}\nRe-export the model with @gliznet/onnx-export.`, { problems });
  }
}
