import { describe, expect, it } from 'vitest';
import { ConfigurationError, GliznetError, InputTooLongError, InvalidArgumentError, ModelLoadError } from './errors.js';

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
});
