/**
 * Embedding lookup with a backward pass that scatter-adds rows in plain JavaScript. tfjs's Gather
 * gradient needs the UnsortedSegmentSum kernel, which the wasm backend lacks.
 */
import * as tf from '../tf.js';
import { customGradient } from './custom-gradient.js';

/**
 * Rows of `table` [vocab, dim] at `ids` (int32, any shape S). Returns [...S, dim]. The gradient
 * with respect to `table` is dense [vocab, dim]; ids get no gradient.
 */
export function embeddingLookup(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const [vocabularySize, dimension] = table.shape as [number, number];
  const lookup = customGradient(([tableInput], save) => {
    const flatIds = tf.reshape(ids, [-1]); // [N]
    save([flatIds]);
    const rows = tf.gather(tableInput!, flatIds); // [N, dim]
    return {
      value: tf.reshape(rows, [...ids.shape, dimension]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const idValues = saved[0]!.dataSync();
        const upstream = dy.dataSync();
        const gradient = new Float32Array(vocabularySize * dimension);
        for (let row = 0; row < idValues.length; row++) {
          const target = idValues[row]! * dimension;
          const source = row * dimension;
          for (let channel = 0; channel < dimension; channel++) gradient[target + channel]! += upstream[source + channel]!;
        }
        return tf.tensor2d(gradient, [vocabularySize, dimension]);
      },
    };
  });
  return lookup(table);
}
