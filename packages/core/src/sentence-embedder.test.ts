import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { SentenceEmbedder } from './sentence-embedder.js';

let embedder: SentenceEmbedder;

beforeAll(async () => {
  await selectBackend({ backend: 'cpu' });
  embedder = await SentenceEmbedder.load({ batchSize: 2 });
});

afterAll(() => embedder.dispose());

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, value, index) => sum + value * b[index]!, 0);
}

describe('SentenceEmbedder (pretrained USE-Lite)', () => {
  it('gives unit vectors, the same for a sentence whatever its batch', async () => {
    const sentences = ['The match ended in a draw.', 'Interest rates rose again.', 'Bake the bread for an hour.'];
    const vectors = await embedder.embed(sentences); // batches of 2 and 1
    expect(vectors.map((vector) => vector.length)).toEqual([512, 512, 512]);
    for (const vector of vectors) expect(Math.sqrt(dot(vector, vector))).toBeCloseTo(1, 4);
    const [alone] = await embedder.embed([sentences[2]!]);
    expect(dot(alone!, vectors[2]!)).toBeCloseTo(1, 4);
  });

  it('scores each text against its own labels by the cosine with "This text is about {label}."', async () => {
    const texts = ['The striker scored twice in the final.', 'The central bank raised interest rates.'];
    const labels = [['sports', 'finance'], ['finance', 'sports', 'cooking']];
    const scores = await embedder.cosineScores(texts, labels);
    expect(scores.map((row) => row.length)).toEqual([2, 3]);
    const [text] = await embedder.embed([texts[1]!]);
    const [finance] = await embedder.embed(['This text is about finance.']);
    expect(scores[1]![0]).toBeCloseTo(dot(text!, finance!), 4);
    expect(scores[0]![0]).toBeGreaterThan(scores[0]![1]!);
    expect(scores[1]![0]).toBeGreaterThan(Math.max(scores[1]![1]!, scores[1]![2]!));
  });
});
