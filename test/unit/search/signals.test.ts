// The ranking-signal formulas (workers/search/signals.ts): time decay of sales, the Bayesian
// priors on click-through and conversion, the 0..1 bounds, the price rank and the cron's interval.
import { describe, expect, it } from "vitest";
import {
  conversionScore,
  CONVERSION_PRIOR,
  ctrScore,
  CTR_PRIOR,
  decayWeight,
  priceScores,
  recomputeDue,
  salesScore,
  salesVelocity,
  SALES_HALF_LIFE_MS,
  SIGNALS_RECOMPUTE_INTERVAL_MS,
} from "../../../workers/search/signals";

const DAY = 86_400_000;

describe("sales velocity", () => {
  it("halves a sale's weight every half-life", () => {
    expect(decayWeight(0)).toBe(1);
    expect(decayWeight(SALES_HALF_LIFE_MS)).toBeCloseTo(0.5, 12);
    expect(decayWeight(2 * SALES_HALF_LIFE_MS)).toBeCloseTo(0.25, 12);
    expect(decayWeight(365 * DAY)).toBeGreaterThan(0);
    expect(decayWeight(-DAY)).toBe(1); // after the reference: never above 1
  });

  it("sums units weighted by their age from the reference time", () => {
    const ref = Date.UTC(2011, 11, 9);
    expect(salesVelocity([], ref)).toBe(0);
    expect(
      salesVelocity(
        [
          { units: 10, at: ref },
          { units: 4, at: ref - SALES_HALF_LIFE_MS },
        ],
        ref,
      ),
    ).toBeCloseTo(12, 9);
    // Recent sales outweigh more, older ones.
    expect(salesVelocity([{ units: 5, at: ref - DAY }], ref)).toBeGreaterThan(salesVelocity([{ units: 8, at: ref - 90 * DAY }], ref));
  });

  it("counts returns (negative units) against sales, never below 0", () => {
    const ref = Date.UTC(2011, 11, 9);
    expect(
      salesVelocity(
        [
          { units: 6, at: ref - SALES_HALF_LIFE_MS },
          { units: -2, at: ref },
        ],
        ref,
      ),
    ).toBeCloseTo(1, 9);
    expect(
      salesVelocity(
        [
          { units: 80_995, at: ref },
          { units: -80_995, at: ref + 60_000 },
        ],
        ref,
      ),
    ).toBe(0);
  });
});

describe("sales score", () => {
  it("is 1 for the best seller, 0 without sales, and in 0..1 between, growing with velocity", () => {
    expect(salesScore(50, 50)).toBe(1);
    expect(salesScore(0, 50)).toBe(0);
    const scores = [0.1, 1, 5, 20, 49].map((v) => salesScore(v, 50));
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });

  it("is log-scaled (a slow seller is not crushed by one outlier) and 0 when nothing sold", () => {
    expect(salesScore(9, 999)).toBeCloseTo(Math.log(10) / Math.log(1000), 12);
    expect(salesScore(9, 999)).toBeGreaterThan(9 / 999);
    expect(salesScore(0, 0)).toBe(0);
  });
});

describe("click-through and conversion priors", () => {
  it("are null (use the prior) without data", () => {
    expect(ctrScore(0, 0)).toBeNull();
    expect(conversionScore(0, 0)).toBeNull();
  });

  it("keep a product with 1 impression and 1 click near the prior, not at 1.0", () => {
    const one = ctrScore(1, 1)!;
    expect(one).toBeLessThan(0.15);
    expect(one).toBeGreaterThan(CTR_PRIOR);
    expect(conversionScore(1, 1)!).toBeLessThan(0.25);
    expect(ctrScore(1, 0)!).toBeLessThan(CTR_PRIOR); // seen once, not clicked: a little below
  });

  it("approach the observed rate as data accumulates", () => {
    expect(ctrScore(100_000, 20_000)!).toBeCloseTo(0.2, 3);
    expect(conversionScore(10_000, 3_000)!).toBeCloseTo(0.3, 2);
    expect(ctrScore(10, 0)!).toBeGreaterThan(ctrScore(1_000, 0)!);
    expect(conversionScore(5, 0)!).toBeLessThan(CONVERSION_PRIOR);
  });

  it("stay within 0..1 even when the counters disagree (clicks without impressions)", () => {
    for (const [i, c] of [
      [0, 5],
      [1, 50],
      [3, 3],
      [1_000_000, 0],
    ] as const) {
      const s = ctrScore(i, c)!;
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    expect(conversionScore(0, 500)).toBe(1);
  });
});

describe("price score", () => {
  it("is 1 for the cheapest and 0 for the dearest of a category, ties sharing a score", () => {
    expect(priceScores([500, 1000, 1000, 2000])).toEqual([1, 1 - 1 / 3, 1 - 1 / 3, 0]);
    expect(priceScores([300, 100, 200])).toEqual([0, 1, 0.5]);
  });

  it("is 0.5 for a category of one, and 1 when every price is the same", () => {
    expect(priceScores([999])).toEqual([0.5]);
    expect(priceScores([7, 7])).toEqual([1, 1]);
  });
});

describe("recompute schedule", () => {
  it("is due when never run, and every interval after the last run", () => {
    const t = 1_700_000_000_000;
    expect(recomputeDue(null, t)).toBe(true);
    expect(recomputeDue(t, t + 60_000)).toBe(false);
    expect(recomputeDue(t, t + SIGNALS_RECOMPUTE_INTERVAL_MS)).toBe(true);
    expect(recomputeDue(t + 60_000, t)).toBe(true); // the clock went back: do not stall for the gap
  });
});
