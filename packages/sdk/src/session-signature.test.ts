import { DEFAULT_GLIZNET_SETTINGS, ModelLoadError } from '@gliznet/common';
import { describe, expect, it } from 'vitest';
import { checkSessionSignature } from './zero-shot-classifier.js';

const gliznetConfig = { huggingFace: { model_type: 'bert' }, gliznet: { ...DEFAULT_GLIZNET_SETTINGS } };
const crossConfig = { huggingFace: { model_type: 'bert' }, gliznet: { ...DEFAULT_GLIZNET_SETTINGS, architecture: 'cross-encoder' as const } };

describe('checkSessionSignature', () => {
  it('accepts the contract graphs, with or without token_type_ids', () => {
    expect(() => checkSessionSignature({ path: 'm.onnx', inputNames: ['input_ids', 'attention_mask', 'lmask'], outputNames: ['logits', 'label_mask'] }, gliznetConfig)).not.toThrow();
    expect(() => checkSessionSignature({ path: 'm.onnx', inputNames: ['input_ids', 'attention_mask', 'token_type_ids'], outputNames: ['logits'] }, crossConfig)).not.toThrow();
  });

  it('lists every mismatch at once', () => {
    let error: unknown;
    try {
      checkSessionSignature({ path: 'm.onnx', inputNames: ['input_ids', 'position_ids'], outputNames: ['scores'] }, gliznetConfig);
    } catch (caught) {
      error = caught;
    }
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect((error as ModelLoadError).problems).toEqual([
      expect.stringMatching(/cannot provide: position_ids/),
      expect.stringMatching(/no "attention_mask" input/),
      expect.stringMatching(/architecture "gliznet" but the graph has no "lmask" input/),
      expect.stringMatching(/no "logits" output \(outputs: scores\)/),
    ]);
  });
});
