/** Test helper: a tiny random model directory and generated input files. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportOnnx } from '@gliznet/onnx-export';
import { createTinyModelConfig, writeRandomModelDirectory } from '@gliznet/onnx-export/testing';

/** A tiny random GliZNet model (real files, real ONNX); its scores are meaningless. */
export async function buildTinyModel(seed = 1): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'gliznet-batch-model-'));
  await writeRandomModelDirectory(directory, { config: createTinyModelConfig({ maxLength: 64, minTextTokens: 4 }), seed });
  await exportOnnx(directory, { quantize: false });
  return directory;
}

const WORDS = ['market', 'goal', 'vote', 'river', 'stone', 'cloud', 'match', 'bank', 'senate', 'planet', 'storm', 'league', 'price', 'court', 'engine', 'harvest'];

/** `count` JSONL rows of 3-40 words, deterministic; every 7th row has its own candidate_labels, every 5th an id. */
export function generateRows(count: number, seed = 7): string {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const lines: string[] = [];
  for (let row = 0; row < count; row += 1) {
    const length = 3 + Math.floor(next() * 38);
    const text = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
    const record: Record<string, unknown> = { text };
    if (row % 5 === 0) record['id'] = `row-${row}`;
    if (row % 7 === 0) record['candidate_labels'] = ['weather', 'law', 'farming'];
    lines.push(JSON.stringify(record));
  }
  return `${lines.join('\n')}\n`;
}

export async function writeInput(directory: string, name: string, text: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, text);
  return path;
}
