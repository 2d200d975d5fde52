// Scores of the recommendation evaluation (recs-eval.ts): hit rate@10, recall@10, catalog
// coverage, plus the seeded PRNG and sampling the protocols use. Pure: no I/O, no clock.

export const K = 10;

export type CaseScore = { hit: 0 | 1; recall: number; hits: number };

/**
 * One case: `recommended` in rank order (only the first `k` distinct ids count), `target` the
 * items the customer went on to buy. Recall is normalised by min(k, |target|), so a perfect top k
 * scores 1 even for a basket larger than k.
 */
export const scoreCase = (recommended: readonly string[], target: ReadonlySet<string>, k = K): CaseScore => {
  if (target.size === 0) throw new Error("scoreCase: a case needs at least one target item");
  const top = new Set(recommended.slice(0, k));
  let hits = 0;
  for (const id of top) if (target.has(id)) hits++;
  return { hit: hits > 0 ? 1 : 0, recall: hits / Math.min(k, target.size), hits };
};

/** Running totals of one method over one protocol's cases. */
export type Tally = {
  cases: number;
  hits: number;
  recallSum: number;
  /** Cases whose request failed: scored as an empty list. */
  errors: number;
  /** Sum of list lengths (after the top-k cut), to spot methods returning fewer than k. */
  listed: number;
  /** Recommended items that the case's exclusion set holds (e.g. already bought). */
  excludedShown: number;
  recommended: Set<string>;
};

export const createTally = (): Tally => ({
  cases: 0,
  hits: 0,
  recallSum: 0,
  errors: 0,
  listed: 0,
  excludedShown: 0,
  recommended: new Set(),
});

export const addCase = (
  t: Tally,
  recommended: readonly string[] | null,
  target: ReadonlySet<string>,
  excluded: ReadonlySet<string> = new Set(),
  k = K,
): CaseScore => {
  const list = recommended ?? [];
  const score = scoreCase(list, target, k);
  const top = [...new Set(list.slice(0, k))];
  t.cases++;
  t.hits += score.hit;
  t.recallSum += score.recall;
  if (recommended === null) t.errors++;
  t.listed += top.length;
  for (const id of top) {
    t.recommended.add(id);
    if (excluded.has(id)) t.excludedShown++;
  }
  return score;
};

export type MethodSummary = {
  cases: number;
  hitRate: number;
  recall: number;
  /** Distinct items recommended over all cases / items in the train set. */
  coverage: number;
  distinctItems: number;
  meanListLength: number;
  errors: number;
  /** Share of shown items the protocol excludes (already bought, or the anchor itself). */
  excludedShare: number;
};

export const summariseTally = (t: Tally, catalogSize: number): MethodSummary => ({
  cases: t.cases,
  hitRate: t.cases === 0 ? NaN : t.hits / t.cases,
  recall: t.cases === 0 ? NaN : t.recallSum / t.cases,
  coverage: catalogSize === 0 ? NaN : t.recommended.size / catalogSize,
  distinctItems: t.recommended.size,
  meanListLength: t.cases === 0 ? NaN : t.listed / t.cases,
  errors: t.errors,
  excludedShare: t.listed === 0 ? 0 : t.excludedShown / t.listed,
});

/** Mulberry32: a small seeded PRNG, uniform in [0, 1). Same seed, same sequence, on any runtime. */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** `m` distinct indices of 0..n-1 (all when m ≥ n), chosen by a partial Fisher-Yates, ascending. */
export const sampleIndices = (n: number, m: number, rand: () => number): number[] => {
  const idx = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(m, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, take).sort((a, b) => a - b);
};

/**
 * Indices of the `k` highest `scores`, best first, never one that `skip` refuses. Ties go to the
 * lower `tieRank` (the popularity rank), so a context with few co-bought items is topped up with
 * popular ones, the same way for every method.
 */
export const topK = (scores: ArrayLike<number>, k: number, skip: (i: number) => boolean, tieRank: ArrayLike<number>): number[] => {
  const best: number[] = [];
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && tieRank[a]! < tieRank[b]!);
  for (let i = 0; i < scores.length; i++) {
    if (best.length === k && !better(i, best[k - 1]!)) continue;
    if (skip(i)) continue;
    let pos = best.length < k ? best.length : k - 1;
    while (pos > 0 && better(i, best[pos - 1]!)) pos--;
    best.splice(pos, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
};
