import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelLoadError } from './errors.js';
import { readSentencePooling } from './sentence-pooling.js';

async function directory(files: Record<string, unknown>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gliznet-pooling-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

describe('readSentencePooling', () => {
  it('reads mean pooling, Normalize and max_seq_length as sentence-transformers write them', async () => {
    const root = await directory({
      '1_Pooling/config.json': { pooling_mode_mean_tokens: true, pooling_mode_cls_token: false },
      'modules.json': [{ type: 'sentence_transformers.models.Transformer' }, { type: 'sentence_transformers.models.Pooling' }, { type: 'sentence_transformers.models.Normalize' }],
      'sentence_bert_config.json': { max_seq_length: 256 },
    });
    expect(await readSentencePooling(root)).toEqual({ pooling: 'mean', normalize: true, maxSequenceLength: 256 });
  });

  it('reads [CLS] pooling without Normalize', async () => {
    const root = await directory({ '1_Pooling/config.json': { pooling_mode_cls_token: true }, 'modules.json': [{ type: 'sentence_transformers.models.Pooling' }] });
    expect(await readSentencePooling(root)).toEqual({ pooling: 'cls', normalize: false, maxSequenceLength: undefined });
  });

  it('names the missing or unusable file and the fix', async () => {
    const missing = await directory({});
    await expect(readSentencePooling(missing)).rejects.toSatisfy((error) => ModelLoadError.isInstance(error) && /1_Pooling\/config.json not found.*encoder fetch/.test(error.message));
    const maxPooling = await directory({ '1_Pooling/config.json': { pooling_mode_max_tokens: true } });
    await expect(readSentencePooling(maxPooling)).rejects.toThrow(/names neither mean nor \[CLS\] pooling/);
    const broken = await directory({ '1_Pooling/config.json': '{ nope' });
    await expect(readSentencePooling(broken)).rejects.toThrow(/is not valid JSON/);
  });
});
