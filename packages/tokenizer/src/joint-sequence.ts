/**
 * Assembles one joint sequence from already tokenized parts (pure, no tokenizer):
 * `[CLS] text [SEP] l1 sep l2 sep ... ln [SEP]`.
 */

/** Token ids with their strings. */
export interface TokenSpan {
  readonly ids: readonly number[];
  readonly tokens: readonly string[];
}

export interface JointSequenceParts {
  cls: TokenSpan;
  sep: TokenSpan;
  /** The text tokens to place (already truncated / dropped out). */
  text: TokenSpan;
  labels: readonly TokenSpan[];
  /** Placed between consecutive labels. */
  separator: TokenSpan;
  /** `numbered`: lmask = i for label i (GliZNet); `none`: lmask all 0 (cross-encoder pairs). */
  labelMask: 'numbered' | 'none';
  /** `omit` leaves `tokens` empty (batches return ids only). Default `include`. */
  tokens?: 'include' | 'omit';
}

export interface JointSequence {
  inputIds: Int32Array; // [sequenceLength]
  attentionMask: Int32Array; // [sequenceLength]
  tokenTypeIds: Int32Array; // [sequenceLength]
  lmask: Int32Array; // [sequenceLength]
  tokens: string[];
}

export function buildJointSequence(parts: JointSequenceParts): JointSequence {
  const { labels, separator } = parts;
  let length = parts.cls.ids.length + parts.text.ids.length + parts.sep.ids.length * 2;
  for (const label of labels) length += label.ids.length;
  length += separator.ids.length * Math.max(0, labels.length - 1);

  const inputIds = new Int32Array(length);
  const attentionMask = new Int32Array(length).fill(1);
  const tokenTypeIds = new Int32Array(length);
  const lmask = new Int32Array(length);
  const tokens: string[] = [];
  const withTokens = parts.tokens !== 'omit';
  let position = 0;
  const place = (span: TokenSpan, typeId: number, maskValue: number): void => {
    const count = span.ids.length;
    for (let index = 0; index < count; index++) {
      inputIds[position] = span.ids[index]!;
      tokenTypeIds[position] = typeId;
      lmask[position] = maskValue;
      if (withTokens) tokens.push(span.tokens[index] ?? '');
      position += 1;
    }
  };
  place(parts.cls, 0, 0);
  place(parts.text, 0, 0);
  place(parts.sep, 0, 0);
  for (const [index, label] of labels.entries()) {
    if (index > 0) place(separator, 1, 0);
    place(label, 1, parts.labelMask === 'numbered' ? index + 1 : 0);
  }
  place(parts.sep, 1, 0);
  return { inputIds, attentionMask, tokenTypeIds, lmask, tokens };
}
