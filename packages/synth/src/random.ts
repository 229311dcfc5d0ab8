/**
 * A small seeded pseudo-random generator (mulberry32) and the sampling helpers built on it: every
 * random draw of the corpus builder goes through here, so its outputs are deterministic given a seed.
 *
 * Deliberately not @gliznet/common's `createSeededRandom` (xoshiro128**, the generator of the
 * trainer, core, onnx-export's test models and the rest of synth): another generator (or the same
 * one consumed differently) draws other rows, negatives and orders, so every committed corpus
 * build (`data/corpus-build`, `data/transfer`, ...) and the figures measured on them would change.
 */

/** A deterministic source of floats in [0, 1). */
export interface Random {
  /** Next float in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  integer(min: number, max: number): number;
  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** `count` distinct items drawn without replacement (fewer when `items` is shorter). */
  sample<T>(items: readonly T[], count: number): T[];
  /** A new generator whose stream is derived from this one and `label` (independent sub-streams). */
  fork(label: string): Random;
}

/** 32-bit FNV-1a hash of a string; used to derive seeds from names. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index += 1) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Creates a mulberry32 generator from an integer seed (any 32-bit value). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    integer(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    shuffle(items) {
      for (let index = items.length - 1; index > 0; index -= 1) {
        const other = Math.floor(next() * (index + 1));
        const held = items[index] as (typeof items)[number];
        items[index] = items[other] as (typeof items)[number];
        items[other] = held;
      }
      return items;
    },
    sample(items, count) {
      const copy = items.slice();
      const take = Math.min(count, copy.length);
      for (let index = 0; index < take; index += 1) {
        const other = index + Math.floor(next() * (copy.length - index));
        const held = copy[index] as (typeof copy)[number];
        copy[index] = copy[other] as (typeof copy)[number];
        copy[other] = held;
      }
      return copy.slice(0, take);
    },
    fork(label) {
      return createRandom((hashString(label) ^ Math.floor(next() * 4294967296)) >>> 0);
    },
  };
  return random;
}
