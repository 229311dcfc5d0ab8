import { describe, expect, it } from 'vitest';
import { encoderDimensions, ENCODER_FAMILIES } from './encoder-families/index.js';
import { ConfigurationError } from './errors.js';
import { modelConfigToJson, parseModelConfig } from './model-config.js';
import { createTinyModelConfig } from './testing/index.js';

describe('createTinyModelConfig', () => {
  it.each(ENCODER_FAMILIES)('gives a valid config.json for the %s family, with its own keys and the sizes asked for', (family) => {
    const config = createTinyModelConfig({ encoder: family, hiddenSize: 24, numAttentionHeads: 2, similarity: 'bilinear' });
    expect(config.gliznet.encoder).toBe(family);
    expect(config.gliznet.similarity).toBe('bilinear');
    expect(config.huggingFace['model_type']).toBe(family);
    expect(parseModelConfig(modelConfigToJson(config))).toEqual(config);
    expect(encoderDimensions(config)).toMatchObject({ family, hiddenSize: 24, numHeads: 2, vocabSize: 100 });
  });

  it('an unknown encoder family is a ConfigurationError naming it and the known ones, not a BERT config', () => {
    let error: unknown;
    try {
      createTinyModelConfig({ encoder: 'roberta' as never });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('"roberta"');
    for (const family of ENCODER_FAMILIES) expect((error as Error).message).toContain(JSON.stringify(family));
  });
});
