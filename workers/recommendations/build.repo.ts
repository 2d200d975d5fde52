// The build job's SQL (D1): one statement list per step of the plan in recommendations.ts.
// Every step writes idempotently (INSERT OR IGNORE / OR REPLACE over keyed rows), so a step
// re-run after a crash or by a second runner changes nothing; each step's progress is written
// in the same batch as its rows, conditional on the runner still holding the job's lease.
import { RECS } from "./recommendations";

const purchased = RECS.purchasedStatuses.map((s) => `'${s}'`).join(", ");

export interface JobRow {
  generation: number;
  state: string;
  phase: string;
  cursor: string | null;
  lease_owner: string | null;
  lease_until: number;
  stats: string;
  started_at: number;
  finished_at: number | null;
}

/** Orders in the snapshot: purchased ones, by rowid, `chunkOrders` at a time. */
const ORDER_WINDOW = `SELECT rowid AS r, id, customer_id FROM orders WHERE rowid > ?1 AND rowid <= ?2 AND status IN (${purchased})`;

/** The rowid that ends the next snapshot chunk after `cursor`, or null when none is left. */
export const snapshotChunkEnd = async (db: D1Database, cursor: number): Promise<number | null> => {
  const row = await db
    .prepare(
      `SELECT MAX(r) AS last FROM (SELECT rowid AS r FROM orders WHERE rowid > ? AND status IN (${purchased}) ORDER BY rowid LIMIT ?)`,
    )
    .bind(cursor, RECS.chunkOrders)
    .first<{ last: number | null }>();
  return row?.last ?? null;
};

/** Copies (order, item) and (customer, item) pairs, as rowids, of orders with rowid in (from, to]. */
export const snapshotStatements = (db: D1Database, from: number, to: number): D1PreparedStatement[] => [
  db
    .prepare(
      `INSERT OR IGNORE INTO rec_order_items (order_no, item)
     SELECT o.r, p.rowid FROM (${ORDER_WINDOW}) o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
     WHERE l.quantity > 0`,
    )
    .bind(from, to),
  db
    .prepare(
      `INSERT OR IGNORE INTO rec_customer_items (customer, item)
     SELECT u.rowid, p.rowid FROM (${ORDER_WINDOW}) o JOIN users u ON u.id = o.customer_id
     JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
     WHERE l.quantity > 0`,
    )
    .bind(from, to),
];

/** A new run starts from empty working tables. */
export const clearWorkingSet = (db: D1Database): D1PreparedStatement[] =>
  ["rec_order_items", "rec_customer_items", "rec_item_stats"].map((t) => db.prepare(`DELETE FROM ${t}`));

/**
 * Per item: distinct buyers, orders, and recent distinct buyers (the popularity), with a dense
 * seq for chunking. "Recent" is measured from the newest order of the same source (imported
 * history or live checkout), as the search signals are, so live orders do not age the history.
 */
export const itemStatsStatements = (db: D1Database): D1PreparedStatement[] => [
  db.prepare(`DELETE FROM rec_item_stats`),
  // Wholesale restocks (more than maxOrderItems distinct items) are not baskets: left out of "bought together".
  db
    .prepare(`DELETE FROM rec_order_items WHERE order_no IN (SELECT order_no FROM rec_order_items GROUP BY order_no HAVING COUNT(*) > ?)`)
    .bind(RECS.maxOrderItems),
  db
    .prepare(
      `INSERT INTO rec_item_stats (item, buyers, orders, recent_buyers, seq)
     WITH o AS (SELECT item, COUNT(*) AS n FROM rec_order_items GROUP BY item),
       b AS (SELECT item, COUNT(*) AS n FROM rec_customer_items GROUP BY item),
       items AS (SELECT item FROM o UNION SELECT item FROM b),
       ref AS (SELECT source_invoice IS NOT NULL AS imported, MAX(created_at) AS t FROM orders WHERE status IN (${purchased}) GROUP BY imported),
       recent AS (
         SELECT l.product_id, COUNT(DISTINCT COALESCE(ord.customer_id, ord.id)) AS n
         FROM orders ord JOIN ref ON ref.imported = (ord.source_invoice IS NOT NULL)
         JOIN order_lines l ON l.order_id = ord.id
         WHERE ord.status IN (${purchased}) AND ord.created_at >= ref.t - ?1 AND l.quantity > 0
         GROUP BY l.product_id)
     SELECT items.item, COALESCE(b.n, 0), COALESCE(o.n, 0), COALESCE(recent.n, 0), ROW_NUMBER() OVER (ORDER BY items.item)
     FROM items JOIN products p ON p.rowid = items.item
     LEFT JOIN o ON o.item = items.item LEFT JOIN b ON b.item = items.item LEFT JOIN recent ON recent.product_id = p.id`,
    )
    .bind(RECS.popularWindowMs),
];

export interface SnapshotCounts {
  items: number;
  orders: number;
  customers: number;
  customerItems: number;
  orderItems: number;
}

export const snapshotCounts = async (db: D1Database): Promise<SnapshotCounts> => {
  const [items, orders, customers, customerItems, orderItems] = await db.batch<{ n: number }>([
    db.prepare(`SELECT COUNT(*) AS n FROM rec_item_stats`),
    db.prepare(`SELECT COUNT(DISTINCT order_no) AS n FROM rec_order_items`),
    db.prepare(`SELECT COUNT(DISTINCT customer) AS n FROM rec_customer_items`),
    db.prepare(`SELECT COUNT(*) AS n FROM rec_customer_items`),
    db.prepare(`SELECT COUNT(*) AS n FROM rec_order_items`),
  ]);
  const n = (r: D1Result<{ n: number }> | undefined) => r?.results[0]?.n ?? 0;
  return { items: n(items), orders: n(orders), customers: n(customers), customerItems: n(customerItems), orderItems: n(orderItems) };
};

/**
 * The top K pairs of the items with seq in (from, to]: `counted` yields (i, j, co, score) over
 * item rowids; each item keeps its K best, stored under product ids.
 */
const topPairs = (table: string, other: string, counted: string) =>
  `INSERT OR REPLACE INTO ${table} (generation, product_id, rank, ${other}, score, support)
   SELECT ?1, pi.id, t.rn, pj.id, t.score, t.co FROM (
     SELECT i, j, co, score, ROW_NUMBER() OVER (PARTITION BY i ORDER BY score DESC, co DESC, j) AS rn FROM (${counted})
   ) t JOIN products pi ON pi.rowid = t.i JOIN products pj ON pj.rowid = t.j
   WHERE t.rn <= ?5`;

/**
 * Pair counts for the items with seq in (from, to]: every item j sharing a basket (`pairs` grouped
 * by `by`) with an item i of the chunk, how many baskets share them (co), and `score` over co and
 * the items' counts (si, sj). Pairs below ?4 baskets, or failing `keep`, are dropped.
 */
const pairCounts = (pairs: "rec_customer_items" | "rec_order_items", by: "customer" | "order_no", score: string, keep = "1") =>
  `SELECT a.item AS i, b.item AS j, COUNT(*) AS co, ${score} AS score
   FROM rec_item_stats si
   JOIN ${pairs} a ON a.item = si.item
   JOIN ${pairs} b ON b.${by} = a.${by} AND b.item <> a.item
   JOIN rec_item_stats sj ON sj.item = b.item
   WHERE si.seq > ?2 AND si.seq <= ?3
   GROUP BY a.item, b.item
   HAVING COUNT(*) >= ?4 AND ${keep}`;

/**
 * Item-to-item cosine: for each item, every item a buyer of it also bought, counted over
 * customers (Linden, Smith and York's loop, in SQL), divided by the norms of the two binary
 * purchase vectors.
 */
export const similarChunk = (db: D1Database, generation: number, from: number, to: number): D1PreparedStatement =>
  db
    .prepare(
      topPairs(
        "rec_similar",
        "neighbour_id",
        pairCounts("rec_customer_items", "customer", "COUNT(*) / sqrt(CAST(si.buyers AS REAL) * sj.buyers)"),
      ),
    )
    .bind(generation, from, to, RECS.minCommonBuyers, RECS.neighbours);

/** Bought together: orders holding both, ranked by support times log lift (recommendations.ts togetherScore); lift > 1 only. */
export const togetherChunk = (db: D1Database, generation: number, from: number, to: number, allOrders: number): D1PreparedStatement =>
  db
    .prepare(
      topPairs(
        "rec_bought_together",
        "other_id",
        pairCounts(
          "rec_order_items",
          "order_no",
          "COUNT(*) * ln(COUNT(*) * ?6 / (CAST(si.orders AS REAL) * sj.orders))",
          "COUNT(*) * ?6 > CAST(si.orders AS REAL) * sj.orders",
        ),
      ),
    )
    .bind(generation, from, to, RECS.minTogetherOrders, RECS.neighbours, allOrders);

/** Most recent distinct buyers, per category and overall (category ''), live products only. */
export const popularStatements = (db: D1Database, generation: number): D1PreparedStatement[] => {
  const ranked = (partition: string) =>
    `SELECT p.id AS product_id, ${partition} AS category, s.recent_buyers + s.buyers / 1000000.0 AS score,
       ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY s.recent_buyers DESC, s.buyers DESC, p.id) AS rn
     FROM rec_item_stats s JOIN products p ON p.rowid = s.item WHERE p.deleted_at IS NULL`;
  const insert = (partition: string, keep: number) =>
    db
      .prepare(
        `INSERT OR REPLACE INTO rec_popular (generation, category, rank, product_id, score)
       SELECT ?1, category, rn, product_id, score FROM (${ranked(partition)}) WHERE rn <= ?2`,
      )
      .bind(generation, keep);
  return [insert("p.category", RECS.popularPerCategory), insert("''", RECS.popularOverall)];
};

export interface BuiltCounts {
  similarPairs: number;
  similarItems: number;
  togetherPairs: number;
  togetherItems: number;
  popular: number;
}

export const builtCounts = async (db: D1Database, generation: number): Promise<BuiltCounts> => {
  const q = (sql: string) => db.prepare(sql).bind(generation);
  const [sp, si, tp, ti, pop] = await db.batch<{ n: number }>([
    q(`SELECT COUNT(*) AS n FROM rec_similar WHERE generation = ?`),
    q(`SELECT COUNT(DISTINCT product_id) AS n FROM rec_similar WHERE generation = ?`),
    q(`SELECT COUNT(*) AS n FROM rec_bought_together WHERE generation = ?`),
    q(`SELECT COUNT(DISTINCT product_id) AS n FROM rec_bought_together WHERE generation = ?`),
    q(`SELECT COUNT(*) AS n FROM rec_popular WHERE generation = ?`),
  ]);
  const n = (r: D1Result<{ n: number }> | undefined) => r?.results[0]?.n ?? 0;
  return { similarPairs: n(sp), similarItems: n(si), togetherPairs: n(tp), togetherItems: n(ti), popular: n(pop) };
};

/** Once published, older generations are no longer read: their rows go in the same batch. */
export const dropOlderGenerations = (db: D1Database, generation: number): D1PreparedStatement[] =>
  ["rec_similar", "rec_bought_together", "rec_popular"].map((t) => db.prepare(`DELETE FROM ${t} WHERE generation < ?`).bind(generation));
