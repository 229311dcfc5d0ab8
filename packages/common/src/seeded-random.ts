/**
 * A small, fast, seedable PRNG (xoshiro128**) whose whole state can be saved and restored, so
 * training runs resume bit-for-bit. Shared by every package that needs randomness (token dropout,
 * weight initialisation, random test models, label shuffling, sampling, retry jitter): never use
 * Math.random for anything that must be reproducible. One exception: synth's corpus builder keeps
 * its own mulberry32 (`createRandom` in @gliznet/synth), because switching would change the bytes
 * of every committed corpus build.
 */

export interface SeededRandom {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  nextInt(maxExclusive: number): number;
  /** Standard normal sample (Box-Muller). */
  nextNormal(): number;
  /** `count` normal samples with mean 0 and standard deviation `std` (default 1). */
  normals(count: number, std?: number): Float32Array;
  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** The full state, for checkpoints. */
  getState(): [number, number, number, number];
  setState(state: readonly [number, number, number, number]): void;
}

function splitMix32(seed: number): () => number {
  let value = seed >>> 0;
  return () => {
    value = (value + 0x9e3779b9) >>> 0;
    let mixed = value;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
    return (mixed ^ (mixed >>> 16)) >>> 0;
  };
}

/** Creates a generator from an integer seed (any 32-bit value; same seed, same sequence). */
export function createSeededRandom(seed: number): SeededRandom {
  const init = splitMix32(seed);
  let s0 = init();
  let s1 = init();
  let s2 = init();
  let s3 = init();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    s0 >>>= 0;
    s1 >>>= 0;
    s2 >>>= 0;
    return result;
  };

  const random: SeededRandom = {
    next: () => nextUint32() / 4294967296,
    nextInt(maxExclusive) {
      if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) throw new RangeError(`nextInt needs a positive integer bound, got ${maxExclusive}`);
      return Math.floor(random.next() * maxExclusive);
    },
    nextNormal() {
      const u = 1 - random.next();
      const v = random.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    normals(count, std = 1) {
      const out = new Float32Array(count);
      for (let index = 0; index < count; index++) out[index] = random.nextNormal() * std;
      return out;
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = random.nextInt(i + 1);
        const swap = items[i]!;
        items[i] = items[j]!;
        items[j] = swap;
      }
      return items;
    },
    getState: () => [s0, s1, s2, s3],
    setState(state) {
      [s0, s1, s2, s3] = state.map((value) => value >>> 0) as [number, number, number, number];
    },
  };
  return random;
}

function rotateLeft(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}
