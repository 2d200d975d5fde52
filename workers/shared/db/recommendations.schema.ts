// Recommendations: the tables the offline job builds (item-to-item neighbours, bought-together
// pairs, popular items), the job's progress, and the recently viewed items that personalise.
// Built tables carry a `generation`: readers use the newest finished one, so a rebuild never
// shows a half-written table and the swap is one row. Part of the one D1 schema.
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./catalog.schema";

/** One run of the build job; the newest `done` row's generation is what the API serves. */
export const recJobs = sqliteTable(
  "rec_jobs",
  {
    generation: integer("generation").primaryKey(),
    /** `running`, `done`, or `abandoned` (a newer run replaced it). */
    state: text("state").notNull(),
    /** The step the job is on and where in it (see workers/recommendations/build-plan.ts). */
    phase: text("phase").notNull(),
    cursor: text("cursor"),
    /** Only the holder of an unexpired lease advances the job (cron and admin can overlap). */
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until").notNull().default(0),
    /** JSON counts: customers, items, pairs kept, coverage, chunk timings. */
    stats: text("stats").notNull().default("{}"),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("rec_jobs_state_generation_idx").on(t.state, t.generation)],
);

/** Item-to-item neighbours (cosine over customer purchase vectors), top K per item. */
export const recSimilar = sqliteTable(
  "rec_similar",
  {
    generation: integer("generation").notNull(),
    productId: text("product_id").notNull(),
    rank: integer("rank").notNull(),
    neighbourId: text("neighbour_id").notNull(),
    score: real("score").notNull(),
    /** Customers who bought both. */
    support: integer("support").notNull(),
  },
  (t) => [primaryKey({ columns: [t.generation, t.productId, t.rank] })],
);

/** "Frequently bought together": items in the same orders, ranked by support times log lift, top K per item. */
export const recBoughtTogether = sqliteTable(
  "rec_bought_together",
  {
    generation: integer("generation").notNull(),
    productId: text("product_id").notNull(),
    rank: integer("rank").notNull(),
    otherId: text("other_id").notNull(),
    score: real("score").notNull(),
    /** Orders containing both. */
    support: integer("support").notNull(),
  },
  (t) => [primaryKey({ columns: [t.generation, t.productId, t.rank] })],
);

/** Popular items (distinct recent buyers), overall (`category` = '') and per category: the cold-start fallback. */
export const recPopular = sqliteTable(
  "rec_popular",
  {
    generation: integer("generation").notNull(),
    category: text("category").notNull(),
    rank: integer("rank").notNull(),
    productId: text("product_id").notNull(),
    score: real("score").notNull(),
  },
  (t) => [primaryKey({ columns: [t.generation, t.category, t.rank] })],
);

// The job's working set uses integer keys (users.rowid, orders.rowid, products.rowid): the pair
// counting groups tens of millions of rows, and integer keys halve its time against text ids.

/** Job working set: who bought what (distinct). Rebuilt by each run. */
export const recCustomerItems = sqliteTable(
  "rec_customer_items",
  {
    customer: integer("customer").notNull(),
    item: integer("item").notNull(),
  },
  (t) => [primaryKey({ columns: [t.customer, t.item] }), index("rec_customer_items_item_idx").on(t.item, t.customer)],
);

/** Job working set: which items each order holds (distinct). Rebuilt by each run. */
export const recOrderItems = sqliteTable(
  "rec_order_items",
  {
    order: integer("order_no").notNull(),
    item: integer("item").notNull(),
  },
  (t) => [primaryKey({ columns: [t.order, t.item] }), index("rec_order_items_item_idx").on(t.item, t.order)],
);

/** Job working set: per item, distinct buyers and orders (the norms of cosine and lift). */
export const recItemStats = sqliteTable(
  "rec_item_stats",
  {
    item: integer("item").primaryKey(),
    buyers: integer("buyers").notNull(),
    orders: integer("orders").notNull(),
    /** Distinct buyers in the recent window: the popularity score. */
    recentBuyers: integer("recent_buyers").notNull(),
    /** Dense number of the item for chunking the pair counts. */
    seq: integer("seq").notNull(),
  },
  (t) => [uniqueIndex("rec_item_stats_seq_unique").on(t.seq)],
);

/** Product pages a signed-in customer viewed, newest kept (see recommendations.repo.ts). */
export const recentlyViewed = sqliteTable(
  "recently_viewed",
  {
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    productId: text("product_id").notNull(),
    viewedAt: integer("viewed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.productId] }), index("recently_viewed_customer_at_idx").on(t.customerId, t.viewedAt)],
);
