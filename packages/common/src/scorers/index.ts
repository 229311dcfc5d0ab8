/**
 * The text-label scorers, by `gliznet.similarity` value. A new scorer: one file in this folder (a
 * `ScorerDefinition`) and one line in `scorers`; `Similarity`, config.json validation and CLI
 * choices follow from the keys.
 */
import { ConfigurationError } from '../errors.js';
import { bilinearScorer } from './bilinear.js';
import { cosineScorer } from './cosine.js';
import { dotLearningScorer } from './dot-learning.js';
import { dotScorer } from './dot.js';
import type { ScorerDefinition } from './scorer.js';

export const scorers = {
  dot: dotScorer,
  bilinear: bilinearScorer,
  dot_learning: dotLearningScorer,
  cosine: cosineScorer,
} as const;

/** A `gliznet.similarity` value. */
export type Similarity = keyof typeof scorers;
/** Every scorer, in registry order (config.json validation, CLI choices). */
export const SIMILARITIES = Object.keys(scorers) as Similarity[];

/** The scorer named `name`; ConfigurationError naming it and the known ones otherwise. */
export function scorer(name: string): ScorerDefinition {
  if (!Object.hasOwn(scorers, name)) {
    throw new ConfigurationError(`gliznet.similarity ${JSON.stringify(name)} is not a known scorer; expected one of ${SIMILARITIES.map((known) => JSON.stringify(known)).join(', ')}`, { problems: [`unknown scorer ${JSON.stringify(name)}`] });
  }
  return scorers[name as Similarity];
}
