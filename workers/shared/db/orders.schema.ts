// Orders: the order and its lines, its timeline, Idempotency-Key records and shipping addresses.
// Part of the one D1 schema (schema.ts re-exports it; drizzle-kit and the client read that).
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { users, products } from "./catalog.schema";

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
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] }), index("order_lines_product_idx").on(t.productId)],
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
    /**
     * The random token of the request holding the claim: the order's batch, the completion and
     * the release only write while the row still carries it, so a request whose lapsed claim was
     * taken over by a retry creates nothing. Null on rows from before tokens existed.
     */
    token: text("token"),
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
