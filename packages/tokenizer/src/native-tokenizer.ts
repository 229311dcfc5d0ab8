/**
 * Loads a Hugging Face `tokenizer.json` with the native `tokenizers` package and finds the special
 * tokens GliZNet needs by their strings. The file's own `truncation` and `padding` settings are
 * switched off on load (sentence-transformers checkpoints ship e.g. truncation to 128 and fixed
 * padding to 128): GliZNet windows, truncates and pads the joint sequence itself, and a tokenizer
 * that pads every label to 128 tokens or cuts texts silently would corrupt that.
 */
import { readFile } from 'node:fs/promises';
import { ModelLoadError } from '@gliznet/common';
import { Tokenizer } from 'tokenizers';

/** Ids (and strings) of the special tokens, found by string in the vocabulary or added tokens. */
export interface SpecialTokens {
  cls: { id: number; token: string };
  sep: { id: number; token: string };
  pad: { id: number; token: string };
  mask: { id: number; token: string };
  /** `[UNK]`, when the tokenizer has one. */
  unk: { id: number; token: string } | undefined;
}

const REQUIRED = { cls: '[CLS]', sep: '[SEP]', pad: '[PAD]', mask: '[MASK]' } as const;

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

/** Throws a ModelLoadError listing every missing special token. */
export function findSpecialTokens(tokenizer: Tokenizer, path: string): SpecialTokens {
  const missing: string[] = [];
  const lookup = (token: string): { id: number; token: string } => {
    const id = tokenizer.tokenToId(token);
    if (id === null || id === undefined) {
      missing.push(token);
      return { id: -1, token };
    }
    return { id, token };
  };
  const found = {
    cls: lookup(REQUIRED.cls),
    sep: lookup(REQUIRED.sep),
    pad: lookup(REQUIRED.pad),
    mask: lookup(REQUIRED.mask),
  };
  if (missing.length > 0) {
    throw new ModelLoadError(
      path,
      `${path} lacks the special token(s) ${missing.join(', ')}; GliZNet needs [CLS], [SEP], [PAD] and [MASK] in the vocabulary or added tokens`,
      { problems: missing.map((token) => `missing special token ${token}`) },
    );
  }
  const unkId = tokenizer.tokenToId('[UNK]');
  return { ...found, unk: unkId === null || unkId === undefined ? undefined : { id: unkId, token: '[UNK]' } };
}

/** The tokenizer.json text with `truncation` and `padding` set to null (unchanged when not JSON: the native parser reports that). */
function withoutTruncationOrPadding(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof parsed !== 'object' || parsed === null) return text;
  const record = parsed as Record<string, unknown>;
  if ((record.truncation ?? null) === null && (record.padding ?? null) === null) return text;
  return JSON.stringify({ ...record, truncation: null, padding: null });
}
