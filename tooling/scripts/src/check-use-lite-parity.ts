/**
 * Developer check: compares the bundled USE-Lite tokenizer.json with @energetic-ai/embeddings' own
 * tokenizer on every sentence of the shared datasets and prints identical / tie / other counts.
 * Usage (from the repository root): pnpm exec tsx --conditions=@gliznet/source tooling/scripts/src/check-use-lite-parity.ts
 */
import { GliznetTokenizer } from '@gliznet/tokenizer';
import { readDatasetTexts } from './read-dataset-texts.js';
import { readUseLiteVocabulary } from './tokenizer-sources.js';
import { createReferenceUseLiteTokenizer, segmentationScore } from './use-lite-reference.js';

const vocabulary = await readUseLiteVocabulary();
const reference = createReferenceUseLiteTokenizer(vocabulary);
const tokenizer = await GliznetTokenizer.bundled('use-lite');
const texts = await readDatasetTexts();
const ours = await tokenizer.encodeTexts(texts);
let identical = 0;
const ties: string[] = [];
const others: string[] = [];
for (const [index, text] of texts.entries()) {
  const expected = reference.encode(text);
  const actual = ours[index]!.ids;
  if (expected.length === actual.length && expected.every((id, position) => id === actual[position])) {
    identical += 1;
    continue;
  }
  const referenceScore = segmentationScore(expected, vocabulary);
  const ourScore = segmentationScore(actual, vocabulary);
  const isTie = Math.abs(referenceScore - ourScore) <= 1e-9 * Math.max(1, Math.abs(referenceScore));
  const position = expected.findIndex((id, offset) => id !== actual[offset]);
  const show = (ids: number[]) => ids.slice(position, position + 3).map((id) => vocabulary[id]?.[0]).join(' ');
  (isTie ? ties : others).push(`${JSON.stringify(text.slice(0, 50))}: reference ${show(expected)} | ours ${show(actual)}`);
}
console.log(`${texts.length} sentences: ${identical} identical (${((100 * identical) / texts.length).toFixed(2)}%), ${ties.length} equal-score ties, ${others.length} other differences`);
for (const line of ties) console.log(`  tie   ${line}`);
for (const line of others) console.log(`  OTHER ${line}`);
process.exitCode = others.length === 0 ? 0 : 1;
