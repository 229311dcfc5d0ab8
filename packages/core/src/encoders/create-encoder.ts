/** Picks the encoder named by a model configuration (from @gliznet/common's family registry). */
import type { ModelConfig } from '@gliznet/common';
import { FamilyEncoder } from './family-encoder.js';

/** The encoder for `config.gliznet.encoder`, dimensioned by the Hugging Face keys. Throws ConfigurationError. */
export function createEncoder(config: ModelConfig): FamilyEncoder {
  return new FamilyEncoder(config);
}
