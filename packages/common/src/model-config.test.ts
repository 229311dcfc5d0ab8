import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, ModelLoadError } from './errors.js';
import { MODEL_FORMAT_VERSION, modelConfigToJson, parseModelConfig } from './model-config.js';
import { readModelConfig } from './read-model-config.js';
import { writeJsonAtomic } from './atomic-write.js';

describe('model config', () => {
  it('reads a plain Hugging Face config with gliznet defaults', () => {
    const config = parseModelConfig({ model_type: 'bert', hidden_size: 32 });
    expect(config.huggingFace).toEqual({ model_type: 'bert', hidden_size: 32 });
    expect(config.gliznet.encoder).toBe('bert');
    expect(config.gliznet.separator).toBe(';');
  });

  it('round-trips through JSON with snake_case keys in one block', () => {
    const config = parseModelConfig({ model_type: 'use-lite', gliznet: { encoder: 'use-lite', similarity: 'bilinear', projection_dim: 64 } });
    const json = modelConfigToJson(config);
    expect(json['model_type']).toBe('use-lite');
    expect((json['gliznet'] as Record<string, unknown>)['projection_dim']).toBe(64);
    expect(parseModelConfig(JSON.parse(JSON.stringify(json)))).toEqual(config);
  });

  it('reads sentence_head (default false) and the cosine similarity', () => {
    expect(parseModelConfig({ model_type: 'bert' }).gliznet.sentenceHead).toBe(false);
    expect(parseModelConfig({ model_type: 'bert', gliznet: { similarity: 'dot' } }).gliznet.sentenceHead).toBe(false);
    const config = parseModelConfig({ model_type: 'use-lite', gliznet: { encoder: 'use-lite', similarity: 'cosine', sentence_head: true } });
    expect(config.gliznet.similarity).toBe('cosine');
    expect(config.gliznet.sentenceHead).toBe(true);
    const block = modelConfigToJson(config)['gliznet'] as Record<string, unknown>;
    expect(block['sentence_head']).toBe(true);
    expect(block).not.toHaveProperty('sentenceHead');
    expect(parseModelConfig(JSON.parse(JSON.stringify(modelConfigToJson(config))))).toEqual(config);
  });

  it("takes a plain checkpoint's family from model_type and refuses one it cannot read", () => {
    expect(parseModelConfig({ model_type: 'use-lite' }).gliznet.encoder).toBe('use-lite');
    expect(parseModelConfig({ model_type: 'bert' }).gliznet.encoder).toBe('bert');
    for (const modelType of ['roberta', undefined]) {
      expect(() => parseModelConfig({ model_type: modelType, hidden_size: 8 })).toThrow(new RegExp(`model_type ${JSON.stringify(modelType) ?? 'undefined'} is not an encoder family gliznet can read; expected one of "use-lite", "bert"|"bert", "use-lite"`));
    }
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      parseModelConfig({ gliznet: { similarity: 'euclidean', sentence_head: 'yes', max_length: -1, colour: 'red', format_version: MODEL_FORMAT_VERSION + 1 } });
    } catch (error) {
      caught = error;
    }
    expect(ConfigurationError.isInstance(caught)).toBe(true);
    const problems = (caught as ConfigurationError).problems;
    expect(problems.some((p) => p.includes('gliznet.similarity is "euclidean"') && p.includes('"cosine"'))).toBe(true);
    expect(problems.some((p) => p.includes('gliznet.sentence_head must be true or false, got "yes"'))).toBe(true);
    expect(problems.some((p) => p.includes('gliznet.max_length'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown key gliznet.colour'))).toBe(true);
    expect(problems.some((p) => p.includes('upgrade'))).toBe(true);
  });

  it('reads hypothesis_template and rejects one without {label} or containing the separator', () => {
    expect(parseModelConfig({ gliznet: { hypothesis_template: 'This text is about {label}.' } }).gliznet.hypothesisTemplate).toBe('This text is about {label}.');
    expect(() => parseModelConfig({ gliznet: { hypothesis_template: 'about it' } })).toThrow(/hypothesis_template must contain "\{label\}"/);
    expect(() => parseModelConfig({ gliznet: { hypothesis_template: '{label}; more' } })).toThrow(/hypothesis_template "\{label\}; more" contains the separator ";"/);
  });

  it('reports a missing or corrupt config.json as ModelLoadError naming the file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gliznet-config-'));
    await expect(readModelConfig(directory)).rejects.toSatisfy((error: unknown) => ModelLoadError.isInstance(error) && error.path === join(directory, 'config.json'));
    await writeFile(join(directory, 'config.json'), '{"model_type": ');
    await expect(readModelConfig(directory)).rejects.toThrow(/not valid JSON/);
    await writeJsonAtomic(join(directory, 'config.json'), { model_type: 'bert', gliznet: { architecture: 'cross-encoder' } });
    expect((await readModelConfig(directory)).gliznet.architecture).toBe('cross-encoder');
  });
});
