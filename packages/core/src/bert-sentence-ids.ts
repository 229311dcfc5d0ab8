/** How a BERT sentence encoder reads a sentence, as sentence-transformers feed it. */
import type { GliznetTokenizer } from '@gliznet/tokenizer';

/** Inputs are cut here when the model's sentence_bert_config.json names no max_seq_length. */
export const BERT_DEFAULT_MAX_TOKENS = 512;

/** `[CLS] tokens [SEP]` for each sentence, cut to `maxTokens` ids in all (special tokens included). */
export async function bertSentenceIds(tokenizer: GliznetTokenizer, sentences: readonly string[], maxTokens: number): Promise<number[][]> {
  return (await tokenizer.encodeTexts(sentences)).map((encoding) => [tokenizer.clsId, ...encoding.ids.slice(0, maxTokens - 2), tokenizer.sepId]);
}
