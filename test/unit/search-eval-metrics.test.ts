// The search evaluation's metrics (test/eval/metrics.ts), checked against figures worked by hand.
import { describe, expect, it } from "vitest";
import { percentile, scoreQuery, summarise } from "../eval/metrics";

const judged = new Map([
  ["a", 3],
  ["b", 2],
  ["c", 1],
]);

describe("scoreQuery", () => {
  it("scores nDCG@10 with gain = rating - 1, log2 discount and unjudged results as 0", () => {
    const s = scoreQuery(["b", "x", "a"], judged);
    expect(s.gains).toEqual([1, null, 2]);
    expect(s.dcg).toBeCloseTo(1 / 1 + 0 + 2 / 2, 10); // ranks 1..3: discounts 1, 1/log2(3), 1/2
    expect(s.idcg).toBeCloseTo(2 + 1 / Math.log2(3), 10); // a, b, c
    expect(s.ndcg).toBeCloseTo(2 / (2 + 1 / Math.log2(3)), 10);
    expect(s.judged).toBe(2);
    expect(s.rr).toEqual([1, 1 / 3]); // first rated ≥ 2.0 at rank 1; first ≥ 2.5 at rank 3
  });

  it("scores only the top 10 and gives 0 to a query with nothing judged above 1", () => {
    const ids = [...Array.from({ length: 10 }, (_, i) => `u${i}`), "a"];
    expect(scoreQuery(ids, judged).ndcg).toBe(0);
    expect(scoreQuery(["c"], new Map([["c", 1]]))).toMatchObject({ ndcg: 0, idcg: 0 });
  });
});

describe("summarise", () => {
  it("averages over queries with ideal DCG > 0 and reports zero results and latency", () => {
    const run = (ids: string[], j: Map<string, number>, latencyMs: number) => ({
      outcome: { ids, totalResults: ids.length, latencyMs, error: null },
      score: scoreQuery(ids, j),
    });
    const s = summarise([run(["a"], judged, 10), run([], judged, 30), run(["c"], new Map([["c", 1]]), 20)]);
    expect(s.queriesScored).toBe(2);
    expect(s.ndcg10).toBeCloseTo((2 / (2 + 1 / Math.log2(3)) + 0) / 2, 10);
    expect(s.zeroResultRate).toBe(0.5);
    expect(s.mrr10).toEqual([0.5, 0.5]);
    expect(percentile([10, 30, 20], 50)).toBe(20);
  });
});
