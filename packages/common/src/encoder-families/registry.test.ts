import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, ModelLoadError } from '../errors.js';
import { parseModelConfig } from '../model-config.js';
import { readModelConfig } from '../read-model-config.js';
import { scorer, scorers, SIMILARITIES } from '../scorers/index.js';
import { createTinyModelConfig } from '../tiny-model-config.js';
import { encoderDimensions, encoderFamilies, encoderFamily, ENCODER_FAMILIES } from './index.js';

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('encoder family and scorer registries', () => {
  it('list their keys in registry order', () => {
    expect(ENCODER_FAMILIES).toEqual(Object.keys(encoderFamilies));
    expect(SIMILARITIES).toEqual(Object.keys(scorers));
    for (const name of ENCODER_FAMILIES) expect(encoderFamily(name).name).toBe(name);
    for (const name of SIMILARITIES) expect(scorer(name).name).toBe(name);
  });

  it('an unknown family is a ConfigurationError naming it and the known ones (never BERT)', () => {
    const error = thrown(() => encoderFamily('roberta'));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('"roberta"');
    for (const name of ENCODER_FAMILIES) expect(error.message).toContain(JSON.stringify(name));
    const config = createTinyModelConfig();
    expect(ConfigurationError.isInstance(thrown(() => encoderDimensions({ ...config, gliznet: { ...config.gliznet, encoder: 'toString' as 'bert' } })))).toBe(true);
  });

  it('an unknown scorer is a ConfigurationError naming it and the known ones', () => {
    const error = thrown(() => scorer('negative_l2'));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('"negative_l2"');
    for (const name of SIMILARITIES) expect(error.message).toContain(JSON.stringify(name));
    expect(ConfigurationError.isInstance(thrown(() => scorer('constructor')))).toBe(true);
  });

  it('config.json validation takes its allowed values from the registries', async () => {
    const error = thrown(() => parseModelConfig({ model_type: 'bert', gliznet: { encoder: 'roberta', similarity: 'negative_l2' } })) as ConfigurationError;
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.problems).toEqual([
      `gliznet.encoder is "roberta"; expected one of ${ENCODER_FAMILIES.map((name) => JSON.stringify(name)).join(', ')}`,
      `gliznet.similarity is "negative_l2"; expected one of ${SIMILARITIES.map((name) => JSON.stringify(name)).join(', ')}`,
    ]);
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-registry-'));
    await writeFile(join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', gliznet: { encoder: 'roberta' } }));
    const loadError = await readModelConfig(directory).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(ModelLoadError.isInstance(loadError)).toBe(true);
    expect((loadError as Error).message).toContain('roberta');
  });
});

describe('family dimensions', () => {
  it.each(ENCODER_FAMILIES)('%s: the tiny config parses, with its tensors named once each', (family) => {
    const config = createTinyModelConfig({ encoder: family, sentenceHead: true });
    const dimensions = encoderDimensions(config);
    expect(dimensions.family).toBe(family);
    const tensors = encoderFamily(family).tensors(dimensions, { sentenceHead: true });
    expect(new Set(tensors.map((spec) => spec.name)).size).toBe(tensors.length);
    expect(tensors.some((spec) => spec.name === `${encoderFamily(family).sentenceHeadPrefix}.weight` && spec.unused !== true)).toBe(true);
  });

  it.each(ENCODER_FAMILIES)('%s: every problem of config.json is listed in one ConfigurationError', (family) => {
    const config = createTinyModelConfig({ encoder: family });
    const error = thrown(() => encoderDimensions({ ...config, huggingFace: { ...config.huggingFace, hidden_size: 30, num_attention_heads: 4, hidden_act: 'swish', hidden_dropout_prob: 2 } })) as ConfigurationError;
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`does not describe a ${family} encoder`);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'hidden_size 30 is not divisible by num_attention_heads 4',
        expect.stringMatching(/^hidden_act "swish" is not supported; use one of gelu, gelu_new, gelu_pytorch_tanh, relu$/),
        'hidden_dropout_prob must be a number in [0, 1), got 2',
      ]),
    );
  });

  it('hidden_act aliases resolve (gelu_pytorch_tanh is gelu_new)', () => {
    const config = createTinyModelConfig({ encoder: 'bert', hiddenAct: 'gelu_pytorch_tanh' });
    expect(encoderDimensions(config).hiddenActivation).toBe('gelu_new');
  });
});
