/**
 * The encoder families, by `gliznet.encoder` value. A new family: one file in this folder
 * (an `EncoderFamilyDefinition`) and one line in `encoderFamilies`; `EncoderFamily`, config.json
 * validation and CLI choices follow from the keys.
 */
import { ConfigurationError } from '../errors.js';
import { bertFamily } from './bert.js';
import type { EncoderFamilyDefinition } from './encoder-family.js';
import { useLiteFamily } from './use-lite.js';

export const encoderFamilies = {
  'use-lite': useLiteFamily,
  bert: bertFamily,
} as const;

/** A `gliznet.encoder` value. */
export type EncoderFamily = keyof typeof encoderFamilies;
/** Every family, in registry order (config.json validation, CLI choices). */
export const ENCODER_FAMILIES = Object.keys(encoderFamilies) as EncoderFamily[];
/** The dimensions of any family (a union discriminated by `family`). */
export type EncoderDimensions = ReturnType<(typeof encoderFamilies)[EncoderFamily]['dimensions']>;

/** The family named `name`; ConfigurationError naming it and the known ones otherwise. */
export function encoderFamily(name: string): EncoderFamilyDefinition<EncoderDimensions> {
  if (!Object.hasOwn(encoderFamilies, name)) {
    throw new ConfigurationError(`gliznet.encoder ${JSON.stringify(name)} is not a known encoder family; expected one of ${ENCODER_FAMILIES.map((known) => JSON.stringify(known)).join(', ')}`, { problems: [`unknown encoder family ${JSON.stringify(name)}`] });
  }
  return encoderFamilies[name as EncoderFamily] as unknown as EncoderFamilyDefinition<EncoderDimensions>;
}

/** Reads and checks the encoder's dimensions from config.json's keys; throws ConfigurationError listing every problem. */
export function encoderDimensions(config: { huggingFace: Readonly<Record<string, unknown>>; gliznet: { encoder: string } }): EncoderDimensions {
  return encoderFamily(config.gliznet.encoder).dimensions(config.huggingFace);
}
