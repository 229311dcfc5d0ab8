import type { Corpus } from './read-corpus.js';
import { buildRelabelledCorpora, type RelabelledCorpus } from './relabelled-corpora.js';

/**
 * Fine-grained sentiment from star ratings (product_reviews' `rating`, 1-5): the five classes of
 * SST-5, one per star, mutually exclusive ("very negative" is 1 star, "negative" 2 stars), so a
 * record of a 1-star review has "negative" among its negatives. Virtual corpora `<corpus>/ratings`
 * (see relabelled-corpora.ts); only a corpus with at least two distinct ratings gets one.
 */
export const RATING_LABELS: readonly string[] = ['very negative', 'negative', 'neutral', 'positive', 'very positive'];

/** The label of a 1-5 star rating, or undefined for anything else. */
export function ratingLabel(rating: number | undefined): string | undefined {
  return rating !== undefined && Number.isInteger(rating) && rating >= 1 && rating <= 5 ? RATING_LABELS[rating - 1] : undefined;
}

/** The virtual rating corpora of `corpora`. */
export function buildRatingCorpora(corpora: readonly Corpus[]): RelabelledCorpus[] {
  return buildRelabelledCorpora(corpora, 'rating', (row) => ratingLabel(row.rating));
}
