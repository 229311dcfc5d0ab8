import { describe, expect, it } from 'vitest';
import { ConfigurationError, ENCODER_FAMILIES, SIMILARITIES, type ModelConfig } from '@gliznet/common';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { GliznetModel } from '../gliznet-model.js';
import { createEncoder } from './create-encoder.js';

function withSettings(config: ModelConfig, settings: Record<string, string>): ModelConfig {
  return { huggingFace: config.huggingFace, gliznet: { ...config.gliznet, ...settings } as ModelConfig['gliznet'] };
}

describe('registry lookups', () => {
  const config = createTinyModelConfig({ encoder: 'bert' });

  it('an unknown encoder family is a ConfigurationError naming it and the known ones (no BERT fall-through)', () => {
    const create = (): unknown => createEncoder(withSettings(config, { encoder: 'roberta' }));
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(new RegExp(`"roberta".*${ENCODER_FAMILIES.map((name) => `"${name}"`).join(', ')}`));
    expect(() => GliznetModel.random(withSettings(config, { encoder: 'roberta' }))).toThrow(/roberta/);
  });

  it('an unknown scorer is a ConfigurationError naming it and the known ones', () => {
    const create = (): unknown => GliznetModel.random(withSettings(config, { similarity: 'negative_l2' }));
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(new RegExp(`"negative_l2".*${SIMILARITIES.map((name) => `"${name}"`).join(', ')}`));
  });

  it.each(ENCODER_FAMILIES)('%s: the encoder takes its tensors from the family table', (family) => {
    const encoder = createEncoder(createTinyModelConfig({ encoder: family }));
    expect(encoder.family).toBe(family);
    expect(encoder.parameterSpecs().length).toBeGreaterThan(0);
  });
});
