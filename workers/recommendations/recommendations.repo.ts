// Serving recommendations from D1: neighbours and bought-together rows of the newest published
// build, popular items, a customer's purchase and viewing history, and recording a product view.
// Every read resolves the published generation inside its own statement, so a build being
// published meanwhile is seen entirely or not at all.
import { RECS, type Seed } from "./recommendations";

export interface RecRow {
  product_id: string;
  title: string;
  price_minor: number;
  currency: string;
  category: string;
  image_urls: string;
  prime_eligible: number;
  rating_sum: number | null;
  rating_count: number | null;
  score: number;
}

const PUBLISHED = `(SELECT MAX(generation) FROM rec_jobs WHERE state = 'done')`;
const purchased = RECS.purchasedStatuses.map((s) => `'${s}'`).join(", ");

/** Product columns of a recommendation; `x.pid` is the recommended id. Live and not sold out only. */
const PRODUCT = (from: string) => `SELECT p.id AS product_id, p.title, p.price_minor, p.currency, p.category, p.image_urls,
    p.prime_eligible, r.sum AS rating_sum, r.count AS rating_count, x.score
  FROM ${from} JOIN products p ON p.id = x.pid
  LEFT JOIN product_ratings r ON r.product_id = p.id
  LEFT JOIN inventory_levels il ON il.product_id = p.id
  WHERE p.deleted_at IS NULL AND (il.available IS NULL OR il.available > 0)`;

const TABLE = {
  similar: { table: "rec_similar", other: "neighbour_id" },
  bought_together: { table: "rec_bought_together", other: "other_id" },
} as const;

/** An item's neighbours of one kind, best first. */
export const itemRecs = (db: D1Database, productId: string, type: keyof typeof TABLE, limit: number) => {
  const t = TABLE[type];
  return db
    .prepare(
      `${PRODUCT(`(SELECT ${t.other} AS pid, score, rank FROM ${t.table} WHERE generation = ${PUBLISHED} AND product_id = ?) x`)}
       ORDER BY x.rank LIMIT ?`,
    )
    .bind(productId, limit);
};

/** Popular items in a category ('' = the whole store), most popular first. */
export const popularRecs = (db: D1Database, category: string, limit: number) =>
  db
    .prepare(
      `${PRODUCT(`(SELECT product_id AS pid, score, rank FROM rec_popular WHERE generation = ${PUBLISHED} AND category = ?) x`)}
       ORDER BY x.rank LIMIT ?`,
    )
    .bind(category, limit);

export const productCategory = (db: D1Database, productId: string) =>
  db.prepare(`SELECT category FROM products WHERE id = ? AND deleted_at IS NULL`).bind(productId);

/**
 * Personal scores: each seed's neighbours weighted by the seed's weight, summed (the paper's
 * "similar items to each of the customer's items, aggregated"). Seeds travel as one JSON
 * parameter (D1 binds at most 100 values). CROSS JOIN keeps the seeds as the outer loop: left
 * to itself the planner scanned the whole neighbour table (1 s instead of milliseconds).
 */
export const personalRecs = (db: D1Database, seeds: Seed[], exclude: string[], limit: number) =>
  db
    .prepare(
      `WITH seeds AS (SELECT value ->> '$.id' AS id, value ->> '$.w' AS w FROM json_each(?1)),
         excluded AS (SELECT value AS id FROM json_each(?2)),
         scored AS (
           SELECT s.neighbour_id AS pid, SUM(s.score * seeds.w) AS score, 0 AS rank
           FROM seeds CROSS JOIN rec_similar s ON s.generation = ${PUBLISHED} AND s.product_id = seeds.id
           WHERE s.neighbour_id NOT IN (SELECT id FROM excluded)
           GROUP BY s.neighbour_id)
       ${PRODUCT("scored x")}
       ORDER BY x.score DESC, p.id LIMIT ?3`,
    )
    .bind(JSON.stringify(seeds.map((s) => ({ id: s.productId, w: s.weight }))), JSON.stringify(exclude), limit);

/** The customer's purchased items, most recent purchase first. */
export const purchasedItems = (db: D1Database, customerId: string, max: number) =>
  db
    .prepare(
      `SELECT l.product_id AS id, MAX(o.created_at) AS at FROM orders o JOIN order_lines l ON l.order_id = o.id
       WHERE o.customer_id = ? AND o.status IN (${purchased}) AND l.quantity > 0
       GROUP BY l.product_id ORDER BY at DESC, l.product_id LIMIT ?`,
    )
    .bind(customerId, max);

export const viewedItems = (db: D1Database, customerId: string, max: number) =>
  db
    .prepare(`SELECT product_id AS id FROM recently_viewed WHERE customer_id = ? ORDER BY viewed_at DESC, product_id LIMIT ?`)
    .bind(customerId, max);

/** Customers' recently viewed lists are kept to this many items. */
export const VIEWED_KEPT = 50;

/**
 * Records a product page view (live products only) and trims the list to the newest
 * VIEWED_KEPT, in one batch. A repeat view within a minute writes nothing.
 */
export const recordView = async (db: D1Database, customerId: string, productId: string, now: number): Promise<void> => {
  await db.batch([
    db
      .prepare(
        `INSERT INTO recently_viewed (customer_id, product_id, viewed_at)
         SELECT ?1, id, ?3 FROM products WHERE id = ?2 AND deleted_at IS NULL
         ON CONFLICT (customer_id, product_id) DO UPDATE SET viewed_at = excluded.viewed_at
         WHERE excluded.viewed_at - recently_viewed.viewed_at >= 60000`,
      )
      .bind(customerId, productId, now),
    db
      .prepare(
        `DELETE FROM recently_viewed WHERE customer_id = ?1 AND viewed_at < (
           SELECT viewed_at FROM recently_viewed WHERE customer_id = ?1 ORDER BY viewed_at DESC LIMIT 1 OFFSET ?2)`,
      )
      .bind(customerId, VIEWED_KEPT - 1),
  ]);
};
