/**
 * Prints GliZNet's joint encoding of a text and its candidate labels with the bundled USE-Lite
 * tokenizer, as an aligned table of positions, tokens, ids, lmask and token type ids.
 * Usage (from the repository root): pnpm demo [--text "..."] [--labels a,b,c] [--max-length N] [--vocabulary use-lite|bert-base-uncased]
 */
import { parseArgs } from 'node:util';
import { GliznetTokenizer, type BundledTokenizerName } from '@gliznet/tokenizer';

const { values } = parseArgs({
  options: {
    text: { type: 'string', default: 'The new phone has a great camera, but the battery drains far too quickly.' },
    labels: { type: 'string', default: 'technology,sports,positive review,negative review' },
    'max-length': { type: 'string' },
    vocabulary: { type: 'string', default: 'use-lite' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('pnpm demo [--text "..."] [--labels a,b,c] [--max-length N] [--vocabulary use-lite|bert-base-uncased]');
  process.exit(0);
}

const labels = values.labels.split(',').map((label) => label.trim()).filter((label) => label !== '');
try {
  const tokenizer = await GliznetTokenizer.bundled(values.vocabulary as BundledTokenizerName);
  const maxLength = values['max-length'] === undefined ? tokenizer.maxLength : Number(values['max-length']);
  const encoding = await tokenizer.encode(values.text, labels, { maxLength });
  console.log(`vocabulary: ${values.vocabulary} (${tokenizer.vocabularySize} ids), separator ${JSON.stringify(tokenizer.separator)}, maxLength ${maxLength}`);
  console.log(`text: ${JSON.stringify(values.text)}`);
  console.log(`labels: ${labels.map((label, index) => `${index + 1}=${JSON.stringify(label)}`).join('  ')}`);
  console.log();
  const rows = [['pos', 'token', 'id', 'lmask', 'type']];
  for (let position = 0; position < encoding.inputIds.length; position++) {
    rows.push([String(position), encoding.tokens[position] ?? '', String(encoding.inputIds[position]), String(encoding.lmask[position]), String(encoding.tokenTypeIds[position])]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  console.log();
  console.log(`${encoding.inputIds.length} tokens: ${encoding.textTokenCount} of ${encoding.originalTextTokenCount} text tokens kept${encoding.truncated ? ' (text truncated to fit the labels)' : ''}, ${encoding.numLabels} labels`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
