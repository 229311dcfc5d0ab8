/**
 * The special tokens GliZNet needs, found by their strings in any TokenBackend, and the
 * tokenizer.json rewrite every backend applies on load: the file's own `truncation` and `padding`
 * settings are switched off (sentence-transformers checkpoints ship e.g. truncation to 128 and fixed
 * padding to 128). GliZNet windows, truncates and pads the joint sequence itself, and a tokenizer
 * that pads every label to 128 tokens or cuts texts silently would corrupt that.
 */
import { ModelLoadError } from '@gliznet/common';
import type { TokenBackend } from './token-backend.js';

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

/** Throws a ModelLoadError listing every missing special token. `source`: the file (path or URL) named in errors. */
export function findSpecialTokens(backend: Pick<TokenBackend, 'tokenToId'>, source: string): SpecialTokens {
  const missing: string[] = [];
  const lookup = (token: string): { id: number; token: string } => {
    const id = backend.tokenToId(token);
    if (id === undefined) {
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
      source,
      `${source} lacks the special token(s) ${missing.join(', ')}; GliZNet needs [CLS], [SEP], [PAD] and [MASK] in the vocabulary or added tokens`,
      { problems: missing.map((token) => `missing special token ${token}`) },
    );
  }
  const unkId = backend.tokenToId('[UNK]');
  return { ...found, unk: unkId === undefined ? undefined : { id: unkId, token: '[UNK]' } };
}

/** The tokenizer.json text with `truncation` and `padding` set to null (unchanged when not JSON: the parser reports that). */
export function withoutTruncationOrPadding(text: string): string {
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
