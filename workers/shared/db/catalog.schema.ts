// Accounts, sellers, the catalog, ratings and reviews, and the browse-side stock projection.
// Part of the one D1 schema (schema.ts re-exports it; drizzle-kit and the client read that).
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Stored trimmed and lower-cased: uniqueness is case-insensitive. */
    email: text("email").notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`; null for accounts that cannot log in. */
    passwordHash: text("password_hash"),
    name: text("name").notNull(),
    role: text("role", { enum: ["customer", "seller", "admin"] }).notNull(),
    isPrime: integer("is_prime", { mode: "boolean" }).notNull().default(false),
    country: text("country"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email), check("users_role_check", sql`${t.role} IN ('customer', 'seller', 'admin')`)],
);

export const sellers = sqliteTable(
  "sellers",
  {
    id: text("id").primaryKey(),
    /** The account that manages this seller; null for a seller with no login (imported shop). */
    userId: text("user_id").references(() => users.id),
    displayName: text("display_name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sellers_user_id_unique").on(t.userId)],
);

export const categories = sqliteTable("categories", {
  slug: text("slug").primaryKey(),
  name: text("name").notNull(),
  /** Live (not deleted) products; kept in the same batch as every product insert and delete. */
  productCount: integer("product_count").notNull().default(0),
});

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    sellerId: text("seller_id")
      .notNull()
      .references(() => sellers.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** Integer minor units (pence, cents): money is never a float. */
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    category: text("category")
      .notNull()
      .references(() => categories.slug),
    /** JSON object of string/number/boolean attribute values. */
    attributes: text("attributes").notNull().default("{}"),
    /** JSON array of https URLs. */
    imageUrls: text("image_urls").notNull().default("[]"),
    primeEligible: integer("prime_eligible", { mode: "boolean" }).notNull().default(false),
    /** Optimistic-concurrency version: every update bumps it; a stale PATCH is a 409. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
    /** Soft delete: a deleted product keeps its row (orders reference it) but is never listed. */
    deletedAt: integer("deleted_at"),
  },
  (t) => [
    index("products_category_id_idx").on(t.category, t.id).where(sql`${t.deletedAt} IS NULL`),
    index("products_seller_id_idx").on(t.sellerId, t.id),
    check("products_price_check", sql`${t.priceMinor} >= 0`),
  ],
);

/** One row per product: average = sum / count; s1..s5 is the star histogram. */
export const productRatings = sqliteTable("product_ratings", {
  productId: text("product_id")
    .primaryKey()
    .references(() => products.id),
  count: integer("count").notNull().default(0),
  sum: integer("sum").notNull().default(0),
  s1: integer("s1").notNull().default(0),
  s2: integer("s2").notNull().default(0),
  s3: integer("s3").notNull().default(0),
  s4: integer("s4").notNull().default(0),
  s5: integer("s5").notNull().default(0),
});

export const reviews = sqliteTable(
  "reviews",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    stars: integer("stars").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    verifiedPurchase: integer("verified_purchase", { mode: "boolean" }).notNull().default(false),
    helpfulCount: integer("helpful_count").notNull().default(0),
    /** Hidden by an admin: excluded from lists, the product page and the rating summary. */
    hidden: integer("hidden", { mode: "boolean" }).notNull().default(false),
    hiddenReason: text("hidden_reason"),
    /** The product's seller may answer once. */
    sellerReply: text("seller_reply"),
    sellerReplyAt: integer("seller_reply_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("reviews_product_customer_unique").on(t.productId, t.customerId),
    index("reviews_product_recent_idx").on(t.productId, t.createdAt, t.id),
    index("reviews_product_helpful_idx").on(t.productId, t.helpfulCount, t.id),
    index("reviews_product_stars_idx").on(t.productId, t.stars, t.createdAt, t.id),
    // A customer's recent reviews: the daily cap on new ones.
    index("reviews_customer_idx").on(t.customerId, t.createdAt),
    check("reviews_stars_check", sql`${t.stars} BETWEEN 1 AND 5`),
  ],
);

/**
 * "Was this review helpful?": one vote per customer per review. reviews.helpful_count is kept
 * equal to the number of rows here by triggers (migration 0007).
 */
export const reviewVotes = sqliteTable(
  "review_votes",
  {
    reviewId: text("review_id")
      .notNull()
      .references(() => reviews.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.customerId] })],
);

/** Small key/value facts about this database, e.g. that the demo import finished. */
export const appMeta = sqliteTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Availability for browsing (the design's AP side): a projection the InventoryDO of each SKU
 * writes after every change, newest `version` wins. Checkout never reads it: it asks the DO.
 * The demo importer writes version-0 rows, which the DO takes as its initial stock.
 */
export const inventoryLevels = sqliteTable(
  "inventory_levels",
  {
    productId: text("product_id")
      .primaryKey()
      .references(() => products.id),
    onHand: integer("on_hand").notNull(),
    reserved: integer("reserved").notNull().default(0),
    available: integer("available").notNull(),
    sold: integer("sold").notNull().default(0),
    version: integer("version").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [check("inventory_levels_nonnegative", sql`${t.onHand} >= 0 AND ${t.reserved} >= 0 AND ${t.available} >= 0 AND ${t.sold} >= 0`)],
);

/**
 * Per-product ranking signals for search (see workers/search/ranking.ts). Counters are raw
 * (the search-events consumer adds to them); the scores in 0..1 are recomputed by the cron.
 */
export const productSignals = sqliteTable("product_signals", {
  productId: text("product_id")
    .primaryKey()
    .references(() => products.id),
  impressions: integer("impressions").notNull().default(0),
  clicks: integer("clicks").notNull().default(0),
  addToCarts: integer("add_to_carts").notNull().default(0),
  /** Paid checkout orders with the product: set by the signals recompute, never by clients. */
  purchases: integer("purchases").notNull().default(0),
  /** Time-decayed units sold (half-life in workers/search/signals.ts), from order lines. */
  salesVelocity: real("sales_velocity").notNull().default(0),
  salesScore: real("sales_score").notNull().default(0),
  /** Click-through and conversion with a Bayesian prior: a new product sits at the prior. */
  ctrScore: real("ctr_score"),
  conversionScore: real("conversion_score"),
  /** 1 = cheapest in its category, 0 = dearest (by rank of price), 0.5 when alone. */
  priceScore: real("price_score"),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Search events already counted: one row per search response that received events, a bit per
 * result slot (0-49) and event type. Kept 25 hours (search ids live 24), at most 2,000,000 rows
 * (workers/search-events/search-events.repo.ts).
 */
export const searchEventMarks = sqliteTable(
  "search_event_marks",
  {
    /** The search id's nonce (16 hex characters). */
    searchNonce: text("search_nonce").primaryKey(),
    impressions: integer("impressions").notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
    addToCarts: integer("add_to_carts").notNull().default(0),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [index("search_event_marks_at_idx").on(t.receivedAt)],
);

/**
 * Failed sign-ins per account, keyed by a keyed hash of the normalised email (never the email,
 * and whether or not the account exists): a fixed window from the first failure.
 */
export const loginFailures = sqliteTable("login_failures", {
  accountKey: text("account_key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStart: integer("window_start").notNull(),
});
