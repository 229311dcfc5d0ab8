import { describe, expect, it } from 'vitest';
import { AbortedError, BackendUnavailableError, ConfigurationError, DataFormatError, GliznetError, InferenceError, InputTooLongError, InvalidArgumentError, ModelLoadError } from './errors.js';

describe('errors', () => {
  it('carries names, codes and fields', () => {
    const error = new InputTooLongError('labels', 'too many labels', { labelsThatFit: 3 });
    expect(error.name).toBe('InputTooLongError');
    expect(error.code).toBe('InputTooLongError');
    expect(error.argument).toBe('labels');
    expect(error.labelsThatFit).toBe(3);
    expect(error).toBeInstanceOf(Error);
  });

  it('recognises instances by marker, including copies from another realm of the package', () => {
    const error = new ModelLoadError('/m/config.json', 'bad');
    expect(GliznetError.isInstance(error)).toBe(true);
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect(ConfigurationError.isInstance(error)).toBe(false);
    // An InputTooLongError is also an InvalidArgumentError.
    expect(InvalidArgumentError.isInstance(new InputTooLongError('text', 'long'))).toBe(true);
    // A structurally identical error from a duplicated package copy carries the same global symbol.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('gliznet.error')]: true, code: 'ModelLoadError' });
    expect(ModelLoadError.isInstance(foreign)).toBe(true);
    expect(GliznetError.isInstance(new Error('plain'))).toBe(false);
  });

  it('names and codes are string literals, unchanged when a minifier renames the class', () => {
    const instances: [string, GliznetError][] = [
      ['GliznetError', new GliznetError('m')],
      ['InvalidArgumentError', new InvalidArgumentError('a', 'm')],
      ['InputTooLongError', new InputTooLongError('a', 'm')],
      ['ModelLoadError', new ModelLoadError('/p', 'm')],
      ['ConfigurationError', new ConfigurationError('m')],
      ['BackendUnavailableError', new BackendUnavailableError('m')],
      ['DataFormatError', new DataFormatError('f', 'm')],
      ['InferenceError', new InferenceError('m')],
      ['AbortedError', new AbortedError('m')],
    ];
    for (const [expected, error] of instances) {
      expect(error.name).toBe(expected);
      expect(error.code).toBe(expected);
    }
    // What a minifier does: the class ends up with another name (here a subclass named `a`).
    const renamed = { a: class extends ModelLoadError {} }.a;
    expect(renamed.name).toBe('a');
    const error = new renamed('/p', 'm');
    expect(error.code).toBe('ModelLoadError');
    expect(error.name).toBe('ModelLoadError');
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect(String(error)).toBe('ModelLoadError: m');
  });

  it('InferenceError and AbortedError are neither bad input nor a loading failure', () => {
    const failure = new InferenceError('onnxruntime failed', { path: '/m/onnx/model.onnx' });
    expect(InferenceError.isInstance(failure)).toBe(true);
    expect(ModelLoadError.isInstance(failure)).toBe(false);
    expect(InvalidArgumentError.isInstance(failure)).toBe(false);
    expect(failure.path).toBe('/m/onnx/model.onnx');
    const aborted = new AbortedError('stopped', { timedOut: true });
    expect(AbortedError.isInstance(aborted)).toBe(true);
    expect(InferenceError.isInstance(aborted)).toBe(false);
    expect(aborted.timedOut).toBe(true);
  });
});
