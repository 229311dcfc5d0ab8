/**
 * The sentences the encoder parity check embeds: a fixed, varied set drawn from the training
 * corpora in `../shared/corpora` (every corpus, rows spread through each file, short and long
 * texts alike, some past the encoders' 256-token window). Never the evaluation sets.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@gliznet/common';

/** `count` texts: for each corpus in name order, rows at a fixed stride, round-robin until `count`. */
export async function paritySentences(corporaDirectory: string, count: number): Promise<{ corpus: string; text: string }[]> {
  let names: string[];
  try {
    names = (await readdir(corporaDirectory, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch (error) {
    throw new ConfigurationError(`cannot list the corpora in ${corporaDirectory} (${(error as Error).message}); pass --corpora <dir>`);
  }
  const perCorpus: { corpus: string; text: string }[][] = [];
  for (const corpus of names) {
    let lines: string[];
    try {
      lines = (await readFile(join(corporaDirectory, corpus, 'data.jsonl'), 'utf8')).split('\n').filter((line) => line.trim() !== '');
    } catch {
      continue;
    }
    const stride = Math.max(1, Math.floor(lines.length / 10));
    const texts: { corpus: string; text: string }[] = [];
    for (let index = 0; index < lines.length && texts.length < 10; index += stride) {
      const text = (JSON.parse(lines[index]!) as { text?: unknown }).text;
      if (typeof text === 'string' && text.trim() !== '') texts.push({ corpus, text: text.trim() });
    }
    perCorpus.push(texts);
  }
  const chosen: { corpus: string; text: string }[] = [];
  for (let round = 0; chosen.length < count && perCorpus.some((texts) => round < texts.length); round++) {
    for (const texts of perCorpus) if (round < texts.length && chosen.length < count) chosen.push(texts[round]!);
  }
  if (chosen.length < count) throw new ConfigurationError(`only ${chosen.length} texts found in ${corporaDirectory}; the parity check wants ${count}`);
  return chosen;
}
