/**
 * One onnxruntime run of a GliZNet graph, written once for both runtimes (onnxruntime-node in the
 * SDK, onnxruntime-web in @gliznet/web: both expose onnxruntime-common's Tensor and session run):
 * checks that every graph input is given, feeds int32 inputs as int64 tensors, names the input
 * shapes when the run fails, and returns float32 outputs (int outputs converted). No runtime import.
 */
import { InferenceError, InvalidArgumentError } from '@gliznet/common';
import { toBigInt64Array } from './int64.js';
import type { FloatOutput, IntegerInput } from './onnx-session.js';

/** What the helper needs of a runtime's Tensor. */
export interface RuntimeTensor {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
  dispose(): void;
}

export interface RunInt64SessionOptions<T extends RuntimeTensor> {
  /** The graph's input names, in order. */
  inputNames: readonly string[];
  /** The graph's path or URL, named in errors. */
  path: string;
  /** The runtime's name in errors, e.g. `onnxruntime` or `onnxruntime-web`. */
  runtime: string;
  /** Builds the runtime's int64 tensor: `(data, dims) => new ort.Tensor('int64', data, dims)`. */
  int64Tensor: (data: BigInt64Array, dims: readonly number[]) => T;
  /** The session's run. */
  run: (feeds: Record<string, T>) => Promise<Record<string, unknown>>;
}

export async function runInt64Session<T extends RuntimeTensor>(inputs: Readonly<Record<string, IntegerInput>>, options: RunInt64SessionOptions<T>): Promise<Record<string, FloatOutput>> {
  const { inputNames, path } = options;
  const missing = inputNames.filter((name) => inputs[name] === undefined);
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      'inputs',
      `${path} expects inputs ${inputNames.join(', ')}; missing: ${missing.join(', ')} (given: ${Object.keys(inputs).join(', ') || 'none'})`,
    );
  }
  const feeds: Record<string, T> = {};
  for (const name of inputNames) {
    const input = inputs[name] as IntegerInput;
    feeds[name] = options.int64Tensor(toBigInt64Array(input.data), [...input.dims]);
  }
  let results: Record<string, unknown>;
  try {
    results = await options.run(feeds);
  } catch (error) {
    const shapes = inputNames.map((name) => `${name} [${(inputs[name] as IntegerInput).dims.join(', ')}]`).join(', ');
    throw new InferenceError(`${options.runtime} failed to run ${path} on ${shapes}: ${(error as Error).message}`, { cause: error, path });
  } finally {
    for (const tensor of Object.values(feeds)) tensor.dispose();
  }
  const outputs: Record<string, FloatOutput> = {};
  for (const [name, value] of Object.entries(results)) {
    const tensor = value as RuntimeTensor;
    if (tensor.type === 'float32') outputs[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
    else if (tensor.type === 'int64' || tensor.type === 'int32') outputs[name] = { data: Float32Array.from(tensor.data as ArrayLike<number | bigint>, Number), dims: tensor.dims };
  }
  return outputs;
}
