/**
 * The seam between GliZNet's joint encoding and a tokenizer implementation: what JointTokenizer
 * needs from an already-loaded Hugging Face tokenizer.json. Implemented twice, with identical ids
 * (a test checks both on the shipped tokenizers): the native `tokenizers` binding in Node
 * (native-tokenizer.ts) and the pure-JS `@huggingface/tokenizers` for browsers (js-tokenizer.ts).
 */

/** Token ids and strings of one text, special tokens never added. */
export interface TokenizedText {
  ids: number[];
  /** Token strings, or an empty array when they were not asked for. */
  tokens: string[];
}

/** Whether token strings are read (they cost a string copy each in the native binding). */
export interface TokenizeOptions {
  tokens: 'include' | 'omit';
}

export interface TokenBackend {
  /** Tokenizes one text without special tokens. */
  encode(text: string, options: TokenizeOptions): Promise<TokenizedText>;
  /** Tokenizes many texts without special tokens, results in input order. */
  encodeBatch(texts: readonly string[], options: TokenizeOptions): Promise<TokenizedText[]>;
  /** The id of a token string (vocabulary or added tokens), or undefined. */
  tokenToId(token: string): number | undefined;
  /** The token string of an id, or undefined when out of range. */
  idToToken(id: number): string | undefined;
  /** Number of ids, added tokens included. */
  readonly vocabularySize: number;
}
