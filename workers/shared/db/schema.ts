// The one D1 schema (drizzle-orm). drizzle-kit generates migrations/NNNN_*.sql from this file;
// every generated migration is reviewed by hand before it lands (see README, "Migrations").
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/** Times are integer milliseconds since the epoch (UTC). */
const createdAt = () => integer("created_at").notNull();

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
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    check("users_role_check", sql`${t.role} IN ('customer', 'seller', 'admin')`),
  ],
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
    hidden: integer("hidden", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("reviews_product_customer_unique").on(t.productId, t.customerId),
    index("reviews_product_recent_idx").on(t.productId, t.createdAt, t.id),
    check("reviews_stars_check", sql`${t.stars} BETWEEN 1 AND 5`),
  ],
);

export const orders = sqliteTable(
  "orders",
  {
    /** The design's `112-3456789-1234567` form. */
    id: text("id").primaryKey(),
    /** Null for a guest checkout. */
    customerId: text("customer_id").references(() => users.id),
    status: text("status").notNull(),
    currency: text("currency").notNull(),
    totalMinor: integer("total_minor").notNull(),
    itemCount: integer("item_count").notNull(),
    /** Invoice number for orders imported from the historical data set. */
    sourceInvoice: text("source_invoice"),
    /** Checkout orders (null on imported ones): totals are subtotal + shipping, prices include VAT. */
    subtotalMinor: integer("subtotal_minor"),
    shippingMinor: integer("shipping_minor"),
    /** JSON snapshot of the address as it was at checkout (later edits do not move an order). */
    shippingAddress: text("shipping_address"),
    shippingAddressId: text("shipping_address_id"),
    paymentMethodId: text("payment_method_id"),
    /** Why the order is in its status (e.g. `insufficient_stock`, `card_declined`, `payment_timeout`). */
    statusReason: text("status_reason"),
    /** The saga must have a payment result by then, or the order fails and its holds are released. */
    paymentDeadline: integer("payment_deadline"),
    estimatedDelivery: integer("estimated_delivery"),
    /** The gateway's charge, once authorised. */
    chargeId: text("charge_id"),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("orders_customer_created_idx").on(t.customerId, t.createdAt),
    uniqueIndex("orders_source_invoice_unique").on(t.sourceInvoice),
    index("orders_open_deadline_idx").on(t.paymentDeadline).where(sql`${t.status} IN ('PENDING', 'RESERVED')`),
    uniqueIndex("orders_tracking_unique").on(t.carrier, t.trackingNumber),
  ],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    lineNo: integer("line_no").notNull(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    /** Title and price as sold: later catalog edits do not rewrite history. */
    title: text("title").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: integer("unit_price_minor").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineNo] }),
    index("order_lines_product_idx").on(t.productId),
  ],
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

/** The order timeline: one row per transition or tracking event; `id` is its dedup key. */
export const orderEvents = sqliteTable(
  "order_events",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    /** `status` (a transition), `tracking` (a carrier scan) or `note` (e.g. a late payment refunded). */
    kind: text("kind").notNull(),
    /** The status reached (transitions), or the carrier's event code. */
    status: text("status").notNull(),
    reason: text("reason"),
    /** JSON details: per-line stock failures, carrier location, refund id... */
    data: text("data"),
    at: integer("at").notNull(),
  },
  (t) => [index("order_events_order_at_idx").on(t.orderId, t.at)],
);

/**
 * The transactional outbox: events written in the same D1 batch as the change they describe,
 * then sent to their queue; a Cron Trigger re-sends rows still unsent.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    /** The event id (the envelope's `id`, every consumer's dedup key). */
    id: text("id").primaryKey(),
    queue: text("queue", { enum: ["order-events", "notifications"] }).notNull(),
    type: text("type").notNull(),
    orderId: text("order_id"),
    /** The JSON envelope `{ id, type, occurredAt, data }`. */
    payload: text("payload").notNull(),
    /** Seconds the queue should hold the message (the payment-deadline check). */
    delaySeconds: integer("delay_seconds").notNull().default(0),
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [index("outbox_unsent_idx").on(t.createdAt).where(sql`${t.sentAt} IS NULL`), index("outbox_sent_idx").on(t.sentAt)],
);

/** Events a consumer has fully handled, written in the same batch as its last effect. */
export const processedEvents = sqliteTable(
  "processed_events",
  {
    consumer: text("consumer").notNull(),
    eventId: text("event_id").notNull(),
    processedAt: integer("processed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] }), index("processed_events_at_idx").on(t.processedAt)],
);

/** Idempotency-Key records for POST /orders, per customer, kept at least 24 h. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    customerId: text("customer_id").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of the canonical request body: the same key with another body is a 422. */
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: ["in_flight", "done"] }).notNull(),
    /** While in flight: a crashed request's claim lapses at this time and may be taken over. */
    lockedUntil: integer("locked_until").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

export const addresses = sqliteTable(
  "addresses",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    line1: text("line1").notNull(),
    line2: text("line2"),
    city: text("city").notNull(),
    postalCode: text("postal_code").notNull(),
    /** ISO 3166-1 alpha-2. */
    country: text("country").notNull(),
    createdAt: createdAt(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("addresses_customer_idx").on(t.customerId, t.createdAt)],
);

/** A customer's saved card: never the number, only what the gateway's token stands for. */
export const paymentMethods = sqliteTable(
  "payment_methods",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    brand: text("brand").notNull(),
    last4: text("last4").notNull(),
    expMonth: integer("exp_month").notNull(),
    expYear: integer("exp_year").notNull(),
    /** The gateway's token for the card. */
    token: text("token").notNull(),
    createdAt: createdAt(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("payment_methods_customer_idx").on(t.customerId, t.createdAt)],
);

/**
 * The sandbox payment gateway's own records (they stand in for the card processor's side).
 * Cards: the token and the test behaviour its number selected, never the number.
 */
export const gatewayCards = sqliteTable("gateway_cards", {
  token: text("token").primaryKey(),
  brand: text("brand").notNull(),
  last4: text("last4").notNull(),
  expMonth: integer("exp_month").notNull(),
  expYear: integer("exp_year").notNull(),
  behaviour: text("behaviour").notNull(),
  createdAt: createdAt(),
});

/** Sandbox charges, one per idempotency key: a retried authorisation finds its charge. */
export const gatewayCharges = sqliteTable(
  "gateway_charges",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull(),
    token: text("token").notNull(),
    orderId: text("order_id"),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: ["authorized", "captured", "voided", "refunded", "declined"] }).notNull(),
    declineCode: text("decline_code"),
    capturedMinor: integer("captured_minor").notNull().default(0),
    refundedMinor: integer("refunded_minor").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("gateway_charges_key_unique").on(t.idempotencyKey), index("gateway_charges_order_idx").on(t.orderId)],
);

/** Sandbox refunds and captures by idempotency key (a repeated call answers the first result). */
export const gatewayOperations = sqliteTable("gateway_operations", {
  idempotencyKey: text("idempotency_key").primaryKey(),
  chargeId: text("charge_id")
    .notNull()
    .references(() => gatewayCharges.id),
  kind: text("kind", { enum: ["capture", "refund", "void"] }).notNull(),
  amountMinor: integer("amount_minor").notNull(),
  createdAt: createdAt(),
});

/** Emails sent (or being sent); `id` is the idempotency key, so an event never mails twice. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id"),
    customerId: text("customer_id"),
    kind: text("kind").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    state: text("state", { enum: ["sending", "sent"] }).notNull(),
    /** While `sending`: the lease of the delivery sending it; another delivery waits until it lapses. */
    claimedUntil: integer("claimed_until"),
    attempts: integer("attempts").notNull().default(1),
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("notifications_order_idx").on(t.orderId)],
);

/** Messages that exhausted their retries, recorded by the dead-letter consumers; admins replay them. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    /** The dead-letter queue's message id. */
    id: text("id").primaryKey(),
    /** The queue the message failed on (where a replay sends it back). */
    sourceQueue: text("source_queue").notNull(),
    eventId: text("event_id"),
    eventType: text("event_type"),
    body: text("body").notNull(),
    receivedAt: integer("received_at").notNull(),
    replayedAt: integer("replayed_at"),
    replayCount: integer("replay_count").notNull().default(0),
  },
  (t) => [index("dead_letters_received_idx").on(t.receivedAt)],
);
