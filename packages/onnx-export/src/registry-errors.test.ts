/** An encoder family or scorer the registries do not know is a named error, never a fall-through. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, ENCODER_FAMILIES, ModelLoadError, SIMILARITIES, type ModelConfig } from '@gliznet/common';
import { createTinyModelConfig } from '@gliznet/common/testing';
import { buildOnnxModel } from './build-onnx-model.js';
import { exportOnnx } from './export-onnx.js';
import { createRandomWeights, writeRandomModelDirectory } from './random-weights.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gliznet-registry-errors-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function withSettings(config: ModelConfig, settings: Record<string, string>): ModelConfig {
  return { huggingFace: config.huggingFace, gliznet: { ...config.gliznet, ...settings } as ModelConfig['gliznet'] };
}

describe('unknown registry values', () => {
  const config = createTinyModelConfig({ encoder: 'bert', vocabSize: 40, hiddenSize: 16, numAttentionHeads: 2, intermediateSize: 24 });
  const weights = createRandomWeights(config, { seed: 1 });

  it('buildOnnxModel: an unknown encoder family is a ConfigurationError naming it and the known families', () => {
    const build = (): Uint8Array => buildOnnxModel(withSettings(config, { encoder: 'roberta' }), weights);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(new RegExp(`"roberta".*${ENCODER_FAMILIES.map((name) => `"${name}"`).join(', ')}`));
  });

  it('buildOnnxModel: an unknown scorer is a ConfigurationError naming it and the known scorers', () => {
    const build = (): Uint8Array => buildOnnxModel(withSettings(config, { similarity: 'negative_l2' }), weights);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(new RegExp(`"negative_l2".*${SIMILARITIES.map((name) => `"${name}"`).join(', ')}`));
  });

  it.each([
    ['encoder', 'roberta'],
    ['similarity', 'negative_l2'],
  ])('exportOnnx: gliznet.%s %s in config.json is a ModelLoadError naming config.json and the value', async (key, value) => {
    const directory = join(root, `${key}-${value}`);
    await writeRandomModelDirectory(directory, { config, seed: 2 });
    const json = JSON.parse(await readFile(join(directory, 'config.json'), 'utf8')) as { gliznet: Record<string, unknown> };
    json.gliznet[key] = value;
    await writeFile(join(directory, 'config.json'), JSON.stringify(json));
    const error = await exportOnnx(directory, { quantize: false }).then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    expect(ModelLoadError.isInstance(error)).toBe(true);
    expect(error!.message).toContain('config.json');
    expect(error!.message).toContain(JSON.stringify(value));
  });
});
