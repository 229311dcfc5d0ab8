/** Picks the encoder implementation named by a model configuration. */
import type { ModelConfig } from '@gliznet/common';
import type { Encoder } from './encoder.js';
import { BertEncoder } from './bert/bert-encoder.js';
import { parseBertConfig } from './bert/bert-config.js';
import { UseLiteEncoder } from './use-lite/use-lite-encoder.js';
import { parseUseLiteConfig } from './use-lite/use-lite-config.js';

/** The encoder for `config.gliznet.encoder`, dimensioned by the Hugging Face keys. Throws ConfigurationError. */
export function createEncoder(config: ModelConfig): Encoder {
  const options = { sentenceHead: config.gliznet.sentenceHead };
  return config.gliznet.encoder === 'use-lite' ? new UseLiteEncoder(parseUseLiteConfig(config.huggingFace), options) : new BertEncoder(parseBertConfig(config.huggingFace), options);
}
