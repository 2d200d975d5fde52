// The recommendation evaluation's pure parts (test/eval/recs-*.ts): metrics, top-k, sampling,
// the two protocols' cases and the baselines, checked against figures worked by hand.
import { describe, expect, it } from "vitest";
import { buildItemModel, contextScores, recommend } from "../eval/recs-baselines";
import { addCase, createTally, mulberry32, sampleIndices, scoreCase, summariseTally, topK } from "../eval/recs-metrics";
import { completionCases, nextBasketCases, toBaskets, type Basket } from "../eval/recs-protocol";

const basket = (orderId: string, customerId: string | null, createdAt: number, items: string[]): Basket => ({
  orderId,
  customerId,
  createdAt,
  items,
});

describe("scoreCase", () => {
  it("counts a hit and recall over min(k, |target|)", () => {
    expect(scoreCase(["a", "b", "c"], new Set(["b", "z"]))).toEqual({ hit: 1, recall: 0.5, hits: 1 });
    expect(scoreCase(["a"], new Set(["z"]))).toEqual({ hit: 0, recall: 0, hits: 0 });
    const big = new Set(Array.from({ length: 30 }, (_, i) => `t${i}`));
    expect(
      scoreCase(
        Array.from({ length: 10 }, (_, i) => `t${i}`),
        big,
      ).recall,
    ).toBe(1);
  });

  it("scores only the first k distinct ids", () => {
    expect(scoreCase(["a", "a", "b"], new Set(["a", "b"]), 2)).toEqual({ hit: 1, recall: 0.5, hits: 1 });
    expect(scoreCase(["x", "y", "a"], new Set(["a"]), 2).hit).toBe(0);
  });

  it("refuses a case without targets", () => {
    expect(() => scoreCase(["a"], new Set())).toThrow();
  });
});

describe("tallies", () => {
  it("averages hit rate and recall, and measures coverage, list length, errors and excluded items", () => {
    const t = createTally();
    addCase(t, ["a", "b"], new Set(["a"]), new Set(["b"]));
    addCase(t, ["c"], new Set(["a", "d"]));
    addCase(t, null, new Set(["a"]));
    const s = summariseTally(t, 10);
    expect(s.cases).toBe(3);
    expect(s.hitRate).toBeCloseTo(1 / 3, 10);
    expect(s.recall).toBeCloseTo(1 / 3, 10);
    expect(s.coverage).toBeCloseTo(0.3, 10); // a, b, c of 10
    expect(s.meanListLength).toBeCloseTo(1, 10);
    expect(s.errors).toBe(1);
    expect(s.excludedShare).toBeCloseTo(1 / 3, 10);
  });
});

describe("topK", () => {
  it("orders by score, breaks ties by rank, skips excluded indices", () => {
    const scores = [0, 5, 5, 1, 0, 9];
    const rank = [0, 3, 2, 4, 1, 5];
    expect(topK(scores, 3, () => false, rank)).toEqual([5, 2, 1]);
    expect(topK(scores, 4, (i) => i === 5, rank)).toEqual([2, 1, 3, 0]);
    expect(topK(scores, 10, () => false, rank)).toEqual([5, 2, 1, 3, 0, 4]);
  });
});

describe("seeded sampling", () => {
  it("repeats for a seed and differs across seeds", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(8)()).not.toBe(xs[0]);
  });

  it("samples distinct ascending indices, all of them when m ≥ n", () => {
    const s = sampleIndices(100, 10, mulberry32(1));
    expect(new Set(s).size).toBe(10);
    expect([...s].sort((x, y) => x - y)).toEqual(s);
    expect(s.every((i) => i >= 0 && i < 100)).toBe(true);
    expect(sampleIndices(3, 10, mulberry32(1))).toEqual([0, 1, 2]);
  });
});

describe("protocols", () => {
  it("groups lines into baskets of distinct items in time order", () => {
    const b = toBaskets([
      { orderId: "o2", customerId: "c1", createdAt: 2, productId: "y" },
      { orderId: "o1", customerId: null, createdAt: 1, productId: "x" },
      { orderId: "o2", customerId: "c1", createdAt: 2, productId: "x" },
      { orderId: "o2", customerId: "c1", createdAt: 2, productId: "x" },
    ]);
    expect(b).toEqual([basket("o1", null, 1, ["x"]), basket("o2", "c1", 2, ["x", "y"])]);
  });

  it("A: targets are new known items; customers without train orders or new items are left out", () => {
    const train = [basket("t1", "cus_1", 1, ["a", "b"]), basket("t2", "cus_2", 1, ["a"]), basket("t3", null, 1, ["c"])];
    const test = [basket("s1", "cus_1", 5, ["a", "c", "new"]), basket("s2", "cus_2", 5, ["a"]), basket("s3", "cus_9", 5, ["b"])];
    const known = new Set(["a", "b", "c"]);
    const r = nextBasketCases(train, test, known);
    expect(r.cases).toEqual([{ customerId: "cus_1", history: ["a", "b"], target: ["c"] }]);
    expect(r).toMatchObject({ customersInBoth: 2, emptyTarget: 1, droppedUnknown: 1, targetItems: 1 });
  });

  it("B: samples baskets with ≥2 known items, one anchor each, the rest as targets, repeatably", () => {
    const test = [basket("s1", null, 1, ["a", "b", "c"]), basket("s2", "cus_1", 2, ["a", "x"]), basket("s3", "cus_2", 3, ["b", "c"])];
    const known = new Set(["a", "b", "c"]);
    const r = completionCases(test, known, 10, 3);
    expect(r).toMatchObject({ eligible: 2, baskets: 3, droppedUnknown: 1 });
    for (const c of r.cases) {
      const items = test.find((t) => t.orderId === c.orderId)!.items;
      expect(items).toContain(c.anchor);
      expect(c.target).toEqual(items.filter((id) => id !== c.anchor));
    }
    expect(completionCases(test, known, 10, 3)).toEqual(r);
    expect(completionCases(test, known, 1, 3).cases).toHaveLength(1);
  });
});

describe("baselines", () => {
  // Customers: 1 buys a b c; 2 buys a b; 3 buys b d (recently); a guest buys e.
  const train = [
    basket("o1", "1", 10, ["a", "b", "c"]),
    basket("o2", "2", 10, ["a", "b"]),
    basket("o3", "3", 100, ["b", "d"]),
    basket("o4", null, 100, ["e"]),
  ];
  const m = buildItemModel(train, 50);
  const i = (id: string) => m.index.get(id)!;

  it("counts buyers, recent buyers and customer co-occurrence", () => {
    expect(m.ids).toEqual(["a", "b", "c", "d", "e"]);
    expect([...m.buyers]).toEqual([2, 3, 1, 1, 0]);
    expect([...m.recentBuyers]).toEqual([0, 1, 0, 1, 0]);
    expect(m.co[i("a") * m.n + i("b")]).toBe(2);
    expect(m.co[i("b") * m.n + i("d")]).toBe(1);
    expect(m.co[i("a") * m.n + i("a")]).toBe(2);
  });

  it("scores raw co-occurrence and cosine summed over the context", () => {
    const raw = contextScores(m, [i("a")], false);
    expect([...raw]).toEqual([2, 2, 1, 0, 0]);
    const cos = contextScores(m, [i("a"), i("d")], true);
    expect(cos[i("b")]).toBeCloseTo(2 / Math.sqrt(2 * 3) + 1 / Math.sqrt(1 * 3), 10);
    expect(cos[i("c")]).toBeCloseTo(1 / Math.sqrt(2), 10);
    expect(cos[i("e")]).toBe(0);
  });

  it("recommends by method, excluding the context, with popularity breaking ties", () => {
    expect(recommend(m, "popularity (90 days)", [], new Set(), 2)).toEqual(["b", "d"]);
    expect(recommend(m, "popularity (all time)", [], new Set([i("b")]), 2)).toEqual(["a", "d"]); // c and d: 1 buyer each, d recent
    expect(recommend(m, "co-occurrence", [i("a")], new Set([i("a")]), 3)).toEqual(["b", "c", "d"]);
    expect(recommend(m, "cosine", [i("c")], new Set([i("c")]), 2)).toEqual(["a", "b"]);
  });
});
