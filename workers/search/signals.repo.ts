// Ranking-signal recomputation (D1): the formulas of signals.ts over the whole catalog in one SQL
// upsert, run by the cron at most every 10 minutes and by `npm run seed` after an import.
import { purgeSearchEventMarks } from "../search-events/search-events.repo";
import {
  CONVERSION_PRIOR,
  CONVERSION_PRIOR_WEIGHT,
  CTR_PRIOR,
  CTR_PRIOR_WEIGHT,
  LONE_PRICE_SCORE,
  SALES_HALF_LIFE_MS,
  RETURN_STATUS,
  SOLD_STATUSES,
  recomputeDue,
} from "./signals";

/** app_meta key: when the signals were last recomputed (epoch ms). */
export const SIGNALS_META_KEY = "signals_recomputed_at";

const sold = SOLD_STATUSES.map((s) => `'${s}'`).join(", ");

// weighted: each sold (or returned) order's decay weight, one pow per order, its age measured
// from the newest sale of its own source (imported history or live checkout), so live orders
// do not age the imported history into nothing; velocity: one
// sequential pass over order_lines (NOT INDEXED: walking the product index instead fetches every
// line at random, 4x slower on the demo data). pow and ln are among the SQL functions D1 allows
// (power is not). priced: percent_rank within the category.
// bought: purchases are the paid (or later) checkout orders holding the product, counted here
// from the orders themselves, never reported by clients (imported history has no search clicks
// to convert, so it is left out). The event counters are left alone (the consumer adds to them
// concurrently); ctr and conversion are computed from the row's counters in DO UPDATE. Rows whose values did not change are not
// written: with no new sale and no new event a run writes nothing.
const RECOMPUTE = `
WITH
  moved AS (
    SELECT id, created_at, source_invoice IS NOT NULL AS imported, CASE WHEN status = '${RETURN_STATUS}' THEN -1 ELSE 1 END AS sign FROM orders
    WHERE status IN (${sold}) OR (status = '${RETURN_STATUS}' AND source_invoice IS NOT NULL)),
  ref AS (SELECT imported, max(created_at) AS t FROM moved WHERE sign = 1 GROUP BY imported),
  weighted AS MATERIALIZED (
    SELECT m.id, m.sign * pow(0.5, CAST(max(0, ref.t - m.created_at) AS REAL) / ?1) AS w FROM moved m JOIN ref ON ref.imported = m.imported),
  velocity AS MATERIALIZED (
    SELECT l.product_id, max(0, sum(l.quantity * o.w)) AS v
    FROM order_lines l NOT INDEXED JOIN weighted o ON o.id = l.order_id
    GROUP BY l.product_id),
  top AS (SELECT coalesce(max(v), 0) AS m FROM velocity),
  bought AS (
    SELECT l.product_id, count(DISTINCT o.id) AS n FROM orders o JOIN order_lines l ON l.order_id = o.id
    WHERE o.source_invoice IS NULL AND o.status IN (${sold}) GROUP BY l.product_id),
  priced AS (
    SELECT id, CASE WHEN count(*) OVER (PARTITION BY category) = 1 THEN ?2
      ELSE 1.0 - percent_rank() OVER (PARTITION BY category ORDER BY price_minor) END AS price_score
    FROM products WHERE deleted_at IS NULL)
INSERT INTO product_signals (product_id, purchases, conversion_score, sales_velocity, sales_score, price_score, updated_at)
SELECT p.id, coalesce(b.n, 0), CASE WHEN b.n > 0 THEN min(1.0, (b.n + ?6) / ?7) END, coalesce(v.v, 0),
  CASE WHEN top.m > 0 THEN min(1.0, ln(1 + coalesce(v.v, 0)) / ln(1 + top.m)) ELSE 0 END,
  p.price_score, ?3
FROM priced p CROSS JOIN top LEFT JOIN velocity v ON v.product_id = p.id LEFT JOIN bought b ON b.product_id = p.id
WHERE true
ON CONFLICT(product_id) DO UPDATE SET
  purchases = excluded.purchases,
  sales_velocity = excluded.sales_velocity,
  sales_score = excluded.sales_score,
  price_score = excluded.price_score,
  ctr_score = CASE WHEN impressions + clicks = 0 THEN NULL
    ELSE min(1.0, (clicks + ?4) / (impressions + ?5)) END,
  conversion_score = CASE WHEN clicks + excluded.purchases = 0 THEN NULL
    ELSE min(1.0, (excluded.purchases + ?6) / (clicks + ?7)) END,
  updated_at = excluded.updated_at
WHERE purchases IS NOT excluded.purchases
  OR sales_velocity IS NOT excluded.sales_velocity
  OR sales_score IS NOT excluded.sales_score
  OR price_score IS NOT excluded.price_score
  OR ctr_score IS NOT (CASE WHEN impressions + clicks = 0 THEN NULL ELSE min(1.0, (clicks + ?4) / (impressions + ?5)) END)
  OR conversion_score IS NOT (CASE WHEN clicks + excluded.purchases = 0 THEN NULL ELSE min(1.0, (excluded.purchases + ?6) / (clicks + ?7)) END)`;

/**
 * Recomputes every live product's scores in one statement and records the run in app_meta (same
 * batch, one transaction). Idempotent: a second run over the same data writes nothing.
 * Answers how many products' signals were written and how long it took.
 */
export const recomputeSignals = async (db: D1Database, now: number): Promise<{ products: number; ms: number }> => {
  const started = Date.now();
  const [result] = await db.batch([
    db
      .prepare(RECOMPUTE)
      .bind(
        SALES_HALF_LIFE_MS,
        LONE_PRICE_SCORE,
        now,
        CTR_PRIOR_WEIGHT * CTR_PRIOR,
        CTR_PRIOR_WEIGHT * 1.0,
        CONVERSION_PRIOR_WEIGHT * CONVERSION_PRIOR,
        CONVERSION_PRIOR_WEIGHT * 1.0,
      ),
    db
      .prepare(
        `INSERT INTO app_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .bind(SIGNALS_META_KEY, String(now), now),
  ]);
  return { products: result?.meta.changes ?? 0, ms: Date.now() - started };
};

export const lastRecomputeAt = async (db: D1Database): Promise<number | null> => {
  const value = await db.prepare(`SELECT value FROM app_meta WHERE key = ?`).bind(SIGNALS_META_KEY).first<string>("value");
  const at = value === null ? NaN : Number(value);
  return Number.isFinite(at) ? at : null;
};

/**
 * The cron's one call: when due, recomputes the signals and forgets search-event marks past
 * their retention. Answers what it did (zeros when not due).
 */
export const sweepSearchSignals = async (db: D1Database, now: number): Promise<{ signalsWritten: number; purgedSeenEvents: number }> => {
  if (!recomputeDue(await lastRecomputeAt(db), now)) return { signalsWritten: 0, purgedSeenEvents: 0 };
  const { products } = await recomputeSignals(db, now);
  return { signalsWritten: products, purgedSeenEvents: await purgeSearchEventMarks(db, now) };
};
