/**
 * Node: loads a Hugging Face `tokenizer.json` with the native `tokenizers` package (its truncation
 * and padding switched off, see special-tokens.ts) as a TokenBackend.
 */
import { readFile } from 'node:fs/promises';
import { ModelLoadError } from '@gliznet/common';
import { Tokenizer } from 'tokenizers';
import { withoutTruncationOrPadding } from './special-tokens.js';
import type { TokenBackend, TokenizeOptions, TokenizedText } from './token-backend.js';

const NO_ENCODE_SPECIALS = { addSpecialTokens: false };

export async function readNativeTokenizer(path: string): Promise<Tokenizer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelLoadError(path, `cannot read tokenizer file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return Tokenizer.fromString(withoutTruncationOrPadding(text));
  } catch (error) {
    throw new ModelLoadError(path, `${path} is not a valid Hugging Face tokenizer.json: ${(error as Error).message}`, { cause: error });
  }
}

/** The native tokenizer behind the TokenBackend seam; batches are tokenized natively in parallel. */
export function nativeTokenBackend(tokenizer: Tokenizer): TokenBackend {
  const toText = (encoding: { getIds(): number[]; getTokens(): string[] }, options: TokenizeOptions): TokenizedText => ({
    ids: encoding.getIds(),
    tokens: options.tokens === 'include' ? encoding.getTokens() : [],
  });
  return {
    async encode(text, options) {
      return toText(await tokenizer.encode(text, null, NO_ENCODE_SPECIALS), options);
    },
    async encodeBatch(texts, options) {
      const encodings = await tokenizer.encodeBatch([...texts], NO_ENCODE_SPECIALS);
      return encodings.map((encoding) => toText(encoding, options));
    },
    tokenToId(token) {
      return tokenizer.tokenToId(token) ?? undefined;
    },
    idToToken(id) {
      return tokenizer.idToToken(id) ?? undefined;
    },
    get vocabularySize() {
      return tokenizer.getVocabSize(true);
    },
  };
}
