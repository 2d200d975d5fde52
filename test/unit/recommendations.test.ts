// The recommendation rules without storage: the build plan's order of steps, the similarity
// formulas, how evidence becomes weighted seeds, and the fallback fill.
import { describe, expect, it } from "vitest";
import {
  RECS,
  cosine,
  fillUp,
  nextProgress,
  seedWeights,
  togetherScore,
  type JobProgress,
} from "../../workers/recommendations/recommendations";

describe("the build plan", () => {
  it("walks snapshot → stats → similar chunks → together chunks → popular → publish → done", () => {
    const items = RECS.chunkItems * 2 + 1; // three chunks per pair phase
    const seen: string[] = [];
    let p: JobProgress = { phase: "snapshot_orders", cursor: 0 };
    const snapshotEnds = [5_000, 9_000, null];
    while (p.phase !== "done") {
      seen.push(`${p.phase}:${p.cursor}`);
      p = p.phase === "snapshot_orders" ? nextProgress(p, snapshotEnds.shift()!, items) : nextProgress(p, null, items);
    }
    const c = RECS.chunkItems;
    expect(seen).toEqual([
      "snapshot_orders:0",
      "snapshot_orders:5000",
      "snapshot_orders:9000",
      "item_stats:0",
      "similar:0",
      `similar:${c}`,
      `similar:${2 * c}`,
      "together:0",
      `together:${c}`,
      `together:${2 * c}`,
      "popular:0",
      "publish:0",
    ]);
  });

  it("goes straight through the pair phases when there are no items", () => {
    expect(nextProgress({ phase: "similar", cursor: 0 }, null, 0)).toEqual({ phase: "together", cursor: 0 });
    expect(nextProgress({ phase: "together", cursor: 0 }, null, 0)).toEqual({ phase: "popular", cursor: 0 });
  });
});

describe("similarity", () => {
  it("cosine of binary purchase vectors: common / sqrt(ni * nj)", () => {
    expect(cosine(2, 3, 2)).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(cosine(4, 4, 4)).toBe(1);
    expect(cosine(0, 5, 5)).toBe(0);
    expect(cosine(1, 0, 3)).toBe(0);
  });

  it("together score: support times log lift, so a rare pair seen three times does not beat a real complement", () => {
    const N = 10_000;
    expect(togetherScore(3, 3, 3, 7)).toBeCloseTo(3 * Math.log(7 / 3), 12);
    // A pair of rare items seen 3 times (lift 3333) against a pair seen in 300 orders (lift 20).
    expect((3 * N) / (3 * 3)).toBeGreaterThan((300 * N) / (1_000 * 150));
    expect(togetherScore(300, 1_000, 150, N)).toBeGreaterThan(togetherScore(3, 3, 3, N));
    // A best seller in every other basket goes with everything by chance: lift 1, score 0.
    expect(togetherScore(500, 1_000, 5_000, N)).toBeCloseTo(0, 12);
    expect(togetherScore(5, 0, 3, N)).toBe(0);
  });
});

describe("seeds from evidence", () => {
  it("weights cart over viewed over purchased, newest first, keeping an item's strongest weight", () => {
    const seeds = seedWeights({ cart: ["X"], viewed: ["Y", "X"], purchased: ["Z", "Y"] });
    expect(seeds.map((s) => s.productId)).toEqual(["X", "Y", "Z"]);
    expect(seeds[0]!.weight).toBe(3);
    expect(seeds[1]!.weight).toBe(2);
    expect(seeds[2]!.weight).toBe(1);
    const many = seedWeights({ cart: [], viewed: [], purchased: Array.from({ length: 100 }, (_, i) => `P${i}`) });
    expect(many).toHaveLength(60);
    expect(many[0]!.weight).toBeGreaterThan(many[59]!.weight);
  });
});

describe("fillUp", () => {
  it("appends fallbacks in order, skipping excluded and repeated items, up to the limit", () => {
    const item = (product_id: string) => ({ product_id });
    const out = fillUp(
      [item("a"), item("b")],
      [
        [item("b"), item("x"), item("c")],
        [item("d"), item("e")],
      ],
      new Set(["x"]),
      4,
    );
    expect(out.map((i) => i.product_id)).toEqual(["a", "b", "c", "d"]);
  });
});
