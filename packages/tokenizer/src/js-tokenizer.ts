/**
 * Browsers (and any JS runtime): a Hugging Face `tokenizer.json` read by the pure-JS
 * `@huggingface/tokenizers` as a TokenBackend, with the same truncation and padding rewrite as the
 * native loader. No file system: the caller passes the file's text (fetched, or read from a File).
 */
import { ModelLoadError } from '@gliznet/common';
import { Tokenizer } from '@huggingface/tokenizers';
import { withoutTruncationOrPadding } from './special-tokens.js';
import type { TokenBackend, TokenizeOptions, TokenizedText } from './token-backend.js';

const NO_ENCODE_SPECIALS = { add_special_tokens: false };

/**
 * Parses a tokenizer.json's text. `source` (a path or URL) is named in errors. Throws ModelLoadError
 * when the text is not JSON or not a tokenizer the library can read.
 */
export function jsTokenBackend(tokenizerJson: string, options: { source: string }): TokenBackend {
  const { source } = options;
  let parsed: unknown;
  try {
    parsed = JSON.parse(withoutTruncationOrPadding(tokenizerJson));
  } catch (error) {
    throw new ModelLoadError(source, `${source} is not a valid Hugging Face tokenizer.json: ${(error as Error).message}`, { cause: error });
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(parsed as object, {});
  } catch (error) {
    throw new ModelLoadError(source, `${source} is not a valid Hugging Face tokenizer.json: ${(error as Error).message}`, { cause: error });
  }
  // Ids can repeat token strings (the vocabulary map then holds fewer entries): count ids, not strings.
  let vocabularySize = 0;
  for (const id of tokenizer.get_vocab(true).values()) vocabularySize = Math.max(vocabularySize, id + 1);
  const encodeOne = (text: string, options: TokenizeOptions): TokenizedText => {
    const encoding = tokenizer.encode(text, NO_ENCODE_SPECIALS);
    return { ids: encoding.ids, tokens: options.tokens === 'include' ? encoding.tokens : [] };
  };
  return {
    async encode(text, options) {
      return encodeOne(text, options);
    },
    async encodeBatch(texts, options) {
      return texts.map((text) => encodeOne(text, options));
    },
    tokenToId(token) {
      return tokenizer.token_to_id(token) ?? undefined;
    },
    idToToken(id) {
      return tokenizer.id_to_token(id) ?? undefined;
    },
    vocabularySize,
  };
}
