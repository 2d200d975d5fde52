// Ranking signals, pure: the formulas and constants behind product_signals' scores (each in 0..1).
// signals.repo.ts runs the same formulas in SQL over the whole catalog; these are the reference.

const DAY_MS = 86_400_000;

/** Order statuses that count as sold: checkout orders once paid, imported invoices (DELIVERED). */
export const SOLD_STATUSES = ["PAID", "SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED"] as const;
/**
 * Imported CANCELLED orders (those with a source invoice, `C…` in the data set) are returns of
 * units sold earlier: they count negatively, so the data's 80,995-unit order cancelled minutes
 * later is not the best seller. A checkout order cancelled before shipping was never counted.
 */
export const RETURN_STATUS = "CANCELLED";

/** A unit sold this long before the reference time weighs half as much as one sold at it. */
export const SALES_HALF_LIFE_DAYS = 30;
export const SALES_HALF_LIFE_MS = SALES_HALF_LIFE_DAYS * DAY_MS;

/** Prior click-through (clicks per impression) of a product with no history, and its weight in impressions. */
export const CTR_PRIOR = 0.05;
export const CTR_PRIOR_WEIGHT = 20;
/** Prior conversion (purchases per click), and its weight in clicks. */
export const CONVERSION_PRIOR = 0.1;
export const CONVERSION_PRIOR_WEIGHT = 10;

/** The price score of the only product in its category: neither cheap nor dear. */
export const LONE_PRICE_SCORE = 0.5;

/** The cron recomputes at most this often (app_meta `signals_recomputed_at`). */
export const SIGNALS_RECOMPUTE_INTERVAL_MS = 10 * 60_000;

/** Weight of a sale `ageMs` before the reference time: 0.5^(age / half-life), 1 at age 0. */
export const decayWeight = (ageMs: number): number => 0.5 ** (Math.max(0, ageMs) / SALES_HALF_LIFE_MS);

/**
 * Sales velocity: max(0, Σ units × decayWeight(reference − sold at)), returns as negative units.
 * The reference is the newest sale of the same source, not the clock: imported history (the demo's
 * 2010–2011 invoices) ranks by how it sold at the end of its year, live checkout orders by how
 * they sell now, and the first live order does not age the history into nothing.
 */
export const salesVelocity = (sales: readonly { units: number; at: number }[], reference: number): number =>
  Math.max(
    0,
    sales.reduce((sum, s) => sum + s.units * decayWeight(reference - s.at), 0),
  );

/** log1p(velocity) / log1p(the catalog's highest velocity): 1 for the best seller, 0 for no sales. */
export const salesScore = (velocity: number, maxVelocity: number): number =>
  maxVelocity > 0 ? Math.min(1, Math.log1p(Math.max(0, velocity)) / Math.log1p(maxVelocity)) : 0;

/**
 * Smoothed click-through: (clicks + α·p0) / (impressions + α). A new product sits at the prior p0;
 * 1 impression and 1 click gives 0.095, not 1. Null (the ranker uses the prior) with no events.
 */
export const ctrScore = (impressions: number, clicks: number): number | null =>
  impressions + clicks === 0 ? null : Math.min(1, (clicks + CTR_PRIOR_WEIGHT * CTR_PRIOR) / (impressions + CTR_PRIOR_WEIGHT));

/** Smoothed conversion: (purchases + β·q0) / (clicks + β); null with neither clicks nor purchases. */
export const conversionScore = (clicks: number, purchases: number): number | null =>
  clicks + purchases === 0
    ? null
    : Math.min(1, (purchases + CONVERSION_PRIOR_WEIGHT * CONVERSION_PRIOR) / (clicks + CONVERSION_PRIOR_WEIGHT));

/**
 * Price scores of one category's prices: 1 − percent rank (SQL's percent_rank(): the share of the
 * others that are strictly cheaper). The cheapest (and its ties) 1, the dearest 0, alone 0.5.
 */
export const priceScores = (prices: readonly number[]): number[] =>
  prices.map((p) => (prices.length === 1 ? LONE_PRICE_SCORE : 1 - prices.filter((q) => q < p).length / (prices.length - 1)));

/** Whether the cron should recompute: never done, or done over the interval ago (or in the future: clock moved). */
export const recomputeDue = (lastRunAt: number | null, now: number): boolean =>
  lastRunAt === null || now - lastRunAt >= SIGNALS_RECOMPUTE_INTERVAL_MS || lastRunAt > now;
