/**
 * The USE-Lite SentencePiece (unigram) tokenizer, written from the behaviour documented in
 * `shared/notes/use-lite.md`: NFKC, spaces to "▁" with one "▁" prepended, Viterbi over piece scores
 * where later candidates win ties, unknown characters as id 0 (runs merged), no BOS/EOS.
 */

/** The vocabulary file format: `[piece, score]` pairs; a score may be `null` (read as 0). */
export type UseLiteVocabulary = ReadonlyArray<readonly [string, number | null]>;

/** Ids below this are special and never produced from text (0 is the unknown piece). */
const RESERVED_IDS = 6;
const UNKNOWN_ID = 0;
const SPACE = '\u2581';

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Vocabulary id when a piece ends here. */
  id: number;
  score: number;
}

function newNode(): TrieNode {
  return { children: new Map(), id: -1, score: 0 };
}

/** Encodes text into USE-Lite token ids. */
export class UseLiteTokenizer {
  private readonly root: TrieNode = newNode();

  constructor(vocabulary: UseLiteVocabulary) {
    for (let id = RESERVED_IDS; id < vocabulary.length; id += 1) {
      const [piece, score] = vocabulary[id] as readonly [string, number | null];
      let node = this.root;
      for (const symbol of piece) {
        let child = node.children.get(symbol);
        if (child === undefined) {
          child = newNode();
          node.children.set(symbol, child);
        }
        node = child;
      }
      // A piece listed twice keeps its last id and score.
      node.id = id;
      node.score = score ?? 0;
    }
  }

  /** Token ids of `text` (empty text gives []). */
  encode(text: string): number[] {
    const normalized = text.normalize('NFKC');
    if (normalized.length === 0) return [];
    const symbols = [...(SPACE + normalized.replace(/ /g, SPACE))];
    const length = symbols.length;
    // Candidate pieces ending at each position, in order of start position then piece length.
    const ending: { start: number; id: number; score: number }[][] = Array.from({ length: length + 1 }, () => []);
    for (let start = 0; start < length; start += 1) {
      let node: TrieNode | undefined = this.root;
      let found = false;
      for (let end = start; end < length && node !== undefined; end += 1) {
        node = node.children.get(symbols[end] as string);
        if (node !== undefined && node.id >= 0) {
          ending[end + 1]?.push({ start, id: node.id, score: node.score });
          found = true;
        }
      }
      if (!found) ending[start + 1]?.push({ start, id: UNKNOWN_ID, score: 0 });
    }
    const best = new Float64Array(length + 1);
    const bestId = new Int32Array(length + 1);
    const bestStart = new Int32Array(length + 1);
    for (let end = 1; end <= length; end += 1) {
      for (const candidate of ending[end] as { start: number; id: number; score: number }[]) {
        const score = candidate.score + (best[candidate.start] as number);
        // A total of exactly 0 counts as "unset"; later candidates win ties.
        if (best[end] === 0 || score >= (best[end] as number)) {
          best[end] = score;
          bestId[end] = candidate.id;
          bestStart[end] = candidate.start;
        }
      }
    }
    const reversed: number[] = [];
    for (let position = length; position > 0; ) {
      reversed.push(bestId[position] as number);
      position = bestStart[position] as number;
    }
    const ids: number[] = [];
    for (let index = reversed.length - 1; index >= 0; index -= 1) {
      const id = reversed[index] as number;
      if (id === UNKNOWN_ID && ids[ids.length - 1] === UNKNOWN_ID) continue;
      ids.push(id);
    }
    return ids;
  }
}
