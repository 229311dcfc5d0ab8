/** Test helper: tiny evaluation sets in the real format (NAME.jsonl + NAME.meta.json). */
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@gliznet/common';

export interface TinyDatasets {
  topics: string;
  moods: string;
}

/** Words of the tiny test tokenizer, so the random models see real token ids. */
export async function writeTinyDatasets(directory: string): Promise<TinyDatasets> {
  const topics = [
    { text: 'the team won the game', labels: ['sports'] },
    { text: 'this film is about music', labels: ['music'] },
    { text: 'politics is not good news', labels: ['politics'] },
    { text: 'it was a great game for the team', labels: ['sports'] },
    { text: 'i love this music', labels: ['music'] },
    { text: 'the news is about politics', labels: ['politics'] },
  ];
  const moods = [
    { text: 'i was very happy', labels: ['happy'] },
    { text: 'it is sad and bad', labels: ['sad', 'angry'] },
    { text: 'this is not good', labels: [] },
    { text: 'i hate this film', labels: ['angry'] },
  ];
  const paths = { topics: join(directory, 'topics.jsonl'), moods: join(directory, 'moods.jsonl') };
  await writeFileAtomic(paths.topics, topics.map((row) => JSON.stringify(row)).join('\n') + '\n');
  await writeJsonAtomic(join(directory, 'topics.meta.json'), { name: 'topics', labels: ['sports', 'politics', 'music'], multi_label: false, size: topics.length });
  await writeFileAtomic(paths.moods, moods.map((row) => JSON.stringify(row)).join('\n') + '\n');
  await writeJsonAtomic(join(directory, 'moods.meta.json'), { name: 'moods', labels: ['happy', 'sad', 'angry'], multi_label: true, size: moods.length });
  return paths;
}
