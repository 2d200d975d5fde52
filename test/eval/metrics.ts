// Ranking metrics of the search evaluation, per the data set README's protocol: nDCG@10 with
// gain = relevance_mean - 1 (unjudged = 0), reciprocal rank, judged@10. Pure.

export const CUTOFF = 10;
/** A product counts as relevant for MRR / success@10 when its mean rating is at least this (1-3 scale). */
export const RELEVANT_AT = [2.0, 2.5] as const;

export type Judgements = Map<string, number>; // product id → relevance_mean (1.0-3.0)

export type QueryOutcome = {
  /** Result ids in rank order (at most CUTOFF are scored). */
  ids: string[];
  totalResults: number;
  latencyMs: number;
  /** null when the request succeeded. */
  error: string | null;
};

export type QueryScore = {
  ndcg: number;
  dcg: number;
  idcg: number;
  /** Gain per returned rank (null = unjudged, scored 0). */
  gains: (number | null)[];
  judged: number;
  /** 1 / rank of the first relevant result per RELEVANT_AT threshold; 0 if none in the top 10. */
  rr: number[];
  /** Whether the query has any judged product at each RELEVANT_AT threshold. */
  hasRelevant: boolean[];
};

const discount = (rank0: number) => 1 / Math.log2(rank0 + 2);

export const idealDcg = (judgements: Judgements): number =>
  [...judgements.values()]
    .map((r) => r - 1)
    .sort((a, b) => b - a)
    .slice(0, CUTOFF)
    .reduce((sum, g, i) => sum + g * discount(i), 0);

export const scoreQuery = (ids: readonly string[], judgements: Judgements): QueryScore => {
  const top = ids.slice(0, CUTOFF);
  const gains = top.map((id) => {
    const r = judgements.get(id);
    return r === undefined ? null : r - 1;
  });
  const dcg = gains.reduce<number>((sum, g, i) => sum + (g ?? 0) * discount(i), 0);
  const idcg = idealDcg(judgements);
  const rr = RELEVANT_AT.map((t) => {
    const rank = top.findIndex((id) => (judgements.get(id) ?? 0) >= t);
    return rank < 0 ? 0 : 1 / (rank + 1);
  });
  const hasRelevant = RELEVANT_AT.map((t) => [...judgements.values()].some((r) => r >= t));
  return { ndcg: idcg > 0 ? dcg / idcg : 0, dcg, idcg, gains, judged: gains.filter((g) => g !== null).length, rr, hasRelevant };
};

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const mean = (xs: readonly number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

export type Summary = {
  queriesRun: number;
  /** Queries with a judgement of gain > 0 (ideal DCG > 0): the ones nDCG is averaged over. */
  queriesScored: number;
  errors: number;
  ndcg10: number;
  /** Per RELEVANT_AT threshold, over queries that have a judged product at that threshold. */
  mrr10: number[];
  success10: number[];
  zeroResultRate: number;
  judgedAt10: number;
  latencyP50: number;
  latencyP95: number;
};

export const summarise = (runs: readonly { outcome: QueryOutcome; score: QueryScore }[]): Summary => {
  const scored = runs.filter((r) => r.score.idcg > 0);
  const withRelevant = (i: number) => scored.filter((r) => r.score.hasRelevant[i]);
  const latencies = runs.filter((r) => r.outcome.error === null).map((r) => r.outcome.latencyMs);
  return {
    queriesRun: runs.length,
    queriesScored: scored.length,
    errors: runs.filter((r) => r.outcome.error !== null).length,
    ndcg10: mean(scored.map((r) => r.score.ndcg)),
    mrr10: RELEVANT_AT.map((_, i) => mean(withRelevant(i).map((r) => r.score.rr[i]!))),
    success10: RELEVANT_AT.map((_, i) => mean(withRelevant(i).map((r) => (r.score.rr[i]! > 0 ? 1 : 0)))),
    zeroResultRate: mean(scored.map((r) => (r.outcome.error === null && r.outcome.totalResults === 0 ? 1 : 0))),
    judgedAt10: mean(scored.map((r) => r.score.judged)),
    latencyP50: percentile(latencies, 50),
    latencyP95: percentile(latencies, 95),
  };
};
