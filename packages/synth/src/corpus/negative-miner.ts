import type { Random } from '../random.js';
import type { LabelSimilarity } from './label-similarity.js';
import type { Corpus, CorpusRow } from './read-corpus.js';

/** Settings of negative mining (defaults in {@link DEFAULT_NEGATIVE_MINING}). */
export interface NegativeMiningOptions {
  /** Hard negatives per record: a uniform draw in [min, max], bounded by the corpus' other labels. */
  hardNegatives: { min: number; max: number };
  /** Extra candidates beyond the drawn count that the hard negatives are sampled from (variety). */
  hardNegativePoolExtra: number;
  /** Random negatives per record, drawn from the labels of other corpora. */
  randomNegatives: number;
  /** Added to a candidate's similarity when it shares the record's domain / service / scenario. */
  groupBonus: number;
  /**
   * A label of another corpus at least this similar to a positive (cosine of label embeddings) is
   * never used as a random negative, nor one sharing a content word with a positive: corpora name
   * the same concept differently ("reserve restaurant" / "restaurant reservation").
   */
  falseNegativeSimilarity: number;
}

const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'about', 'from', 'your', 'you', 'not', 'nor', 'are', 'was', 'into', 'out']);

/** Word stems of a label (words of 3+ letters minus stop words, cut to 5 characters). */
function contentStems(label: string): Set<string> {
  const words = label.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return new Set(words.filter((word) => word.length >= 3 && !STOP_WORDS.has(word)).map((word) => word.slice(0, 5)));
}

/** Whether two labels share a content word stem ("car rental" / "reserve car"). */
export function sharesContentWord(left: string, right: string): boolean {
  const stems = contentStems(left);
  for (const stem of contentStems(right)) if (stems.has(stem)) return true;
  return false;
}

export const DEFAULT_NEGATIVE_MINING: NegativeMiningOptions = {
  hardNegatives: { min: 3, max: 8 },
  hardNegativePoolExtra: 4,
  randomNegatives: 4,
  groupBonus: 0.05,
  falseNegativeSimilarity: 0.6,
};

/** The negatives mined for one row. */
export interface MinedNegatives {
  /** Same-corpus labels, most similar to the positives first. */
  hard: string[];
  /** Labels of other corpora. */
  random: string[];
}

/** Mines hard negatives (closest same-corpus labels) and random cross-corpus negatives. */
export class NegativeMiner {
  private readonly corpusLabels = new Map<string, string[]>();
  /** Per corpus with tasks: label -> its task (corpora whose rows carry `task`). */
  private readonly labelTasks = new Map<string, Map<string, string>>();
  private readonly labelGroups = new Map<string, Map<string, Set<string>>>();
  private readonly otherLabels = new Map<string, string[]>();

  constructor(
    corpora: readonly Corpus[],
    private readonly similarity: LabelSimilarity,
    private readonly options: NegativeMiningOptions,
  ) {
    const allLabels = new Set<string>();
    for (const corpus of corpora) {
      const labels = new Set<string>();
      const groups = new Map<string, Set<string>>();
      const tasks = new Map<string, string>();
      for (const row of corpus.rows) {
        for (const label of row.labels) {
          labels.add(label);
          if (row.task !== undefined) tasks.set(label, row.task);
          allLabels.add(label);
          if (row.group !== undefined) {
            let set = groups.get(label);
            if (set === undefined) {
              set = new Set();
              groups.set(label, set);
            }
            set.add(row.group);
          }
        }
      }
      this.corpusLabels.set(corpus.name, [...labels].sort());
      this.labelGroups.set(corpus.name, groups);
      if (tasks.size > 0) this.labelTasks.set(corpus.name, tasks);
    }
    for (const corpus of corpora) {
      const own = new Set(this.corpusLabels.get(corpus.name));
      this.otherLabels.set(corpus.name, [...allLabels].filter((label) => !own.has(label)).sort());
    }
  }

  /** Labels of one corpus (sorted). */
  labelsOf(corpus: string): readonly string[] {
    return this.corpusLabels.get(corpus) ?? [];
  }

  /**
   * Hard negatives for `row` of `corpus`, ranked by similarity to the positives (plus the group
   * bonus). A row with a `task` gets only labels of that task: tasks are separate label sets.
   */
  rankHardCandidates(corpus: string, row: Pick<CorpusRow, 'labels' | 'group' | 'task'>): { label: string; score: number }[] {
    const positives = new Set(row.labels);
    const groups = this.labelGroups.get(corpus);
    const tasks = this.labelTasks.get(corpus);
    return this.labelsOf(corpus)
      .filter((label) => !positives.has(label) && (row.task === undefined || tasks?.get(label) === row.task))
      .map((label) => {
        const sharesGroup = row.group !== undefined && (groups?.get(label)?.has(row.group) ?? false);
        return { label, score: this.similarity.maxSimilarity(label, row.labels) + (sharesGroup ? this.options.groupBonus : 0) };
      })
      .sort((left, right) => right.score - left.score || (left.label < right.label ? -1 : 1));
  }

  /** Whether `label` is a label of `corpus` that `row` may take as a hard negative (of its task, when it has one). */
  isOwnLabelFor(corpus: string, label: string, row: Pick<CorpusRow, 'task'>): boolean {
    if (!this.labelsOf(corpus).includes(label)) return false;
    return row.task === undefined || this.labelTasks.get(corpus)?.get(label) === row.task;
  }

  /** Whether a label of another corpus may serve as a negative for a record whose positives are `positives`. */
  isSafeNegative(label: string, positives: readonly string[]): boolean {
    if (positives.includes(label)) return false;
    if (positives.some((positive) => sharesContentWord(label, positive))) return false;
    return positives.length === 0 || this.similarity.maxSimilarity(label, positives) < this.options.falseNegativeSimilarity;
  }

  /** Mines the negatives of one row. */
  mine(corpus: string, row: Pick<CorpusRow, 'labels' | 'group' | 'task'>, random: Random): MinedNegatives {
    const { min, max } = this.options.hardNegatives;
    const candidates = this.rankHardCandidates(corpus, row);
    const wanted = Math.min(candidates.length, random.integer(Math.min(min, max), Math.max(min, max)));
    let hard: string[];
    if (row.labels.length === 0) {
      // No positive to compare with (e.g. out-of-scope rows): any label of the corpus is a negative.
      hard = random.sample(candidates, wanted).map((candidate) => candidate.label);
    } else {
      const pool = candidates.slice(0, wanted + this.options.hardNegativePoolExtra);
      const chosen = new Set(random.sample(pool, wanted).map((candidate) => candidate.label));
      hard = pool.filter((candidate) => chosen.has(candidate.label)).map((candidate) => candidate.label);
    }
    const others = this.otherLabels.get(corpus) ?? [];
    const randomNegatives: string[] = [];
    const taken = new Set([...row.labels, ...hard]);
    for (let attempt = 0; attempt < this.options.randomNegatives * 10 && randomNegatives.length < this.options.randomNegatives && others.length > 0; attempt += 1) {
      const label = others[Math.floor(random.next() * others.length)] as string;
      if (taken.has(label) || !this.isSafeNegative(label, row.labels)) continue;
      taken.add(label);
      randomNegatives.push(label);
    }
    return { hard, random: randomNegatives };
  }
}
