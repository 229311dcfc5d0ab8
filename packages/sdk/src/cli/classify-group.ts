/**
 * Classifying one group of input records with `--on-error fail|skip`. With `fail`, the first
 * record the classifier refuses stops the run with an error naming its input line. With `skip`,
 * each refused record gets its error instead of a result and the rest of the group is classified
 * again without it (the classifier checks every text and label before running the model, so a
 * retry costs no inference).
 */
import { DataFormatError } from '@gliznet/common';
import type { ClassificationResult } from '../classification-types.js';
import type { ClassifyOptions } from '../classify-options.js';
import type { InputRecord } from './input-reader.js';
import { attributeToRecord } from './output-rows.js';

export type OnError = 'fail' | 'skip';

/** What a group needs from a classifier. */
export interface GroupClassifier {
  classify(texts: readonly string[], labels: readonly (readonly string[])[], options?: ClassifyOptions): Promise<ClassificationResult[]>;
}

/** Per record, in order: its result, or (with `skip`) the DataFormatError naming its line. */
export async function classifyGroup(
  records: readonly InputRecord[],
  labelsOf: (record: InputRecord) => readonly string[],
  classifier: GroupClassifier,
  options: { classifyOptions: ClassifyOptions; file: string; onError: OnError },
): Promise<(ClassificationResult | DataFormatError)[]> {
  const outcomes: (ClassificationResult | DataFormatError | undefined)[] = records.map(() => undefined);
  let remaining = records.map((_, index) => index);
  while (remaining.length > 0) {
    const group = remaining.map((index) => records[index] as InputRecord);
    try {
      const results = await classifier.classify(group.map((record) => record.text), group.map(labelsOf), options.classifyOptions);
      remaining.forEach((index, position) => {
        outcomes[index] = results[position];
      });
      break;
    } catch (error) {
      const attributed = attributeToRecord(error, group, options.file);
      if (options.onError === 'fail' || !DataFormatError.isInstance(attributed)) throw attributed;
      const failed = remaining.find((index) => (records[index] as InputRecord).line === attributed.line);
      if (failed === undefined) throw attributed;
      outcomes[failed] = attributed;
      remaining = remaining.filter((index) => index !== failed);
    }
  }
  return outcomes as (ClassificationResult | DataFormatError)[];
}
