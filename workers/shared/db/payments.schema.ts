// Payments: customers' saved cards (tokens only) and the sandbox gateway's own records.
// Part of the one D1 schema (schema.ts re-exports it; drizzle-kit and the client read that).
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { users } from "./catalog.schema";

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
 * Every attempt to save a card, whatever its outcome: the daily cap counts these (not live
 * cards, which save/delete cycles would evade). `decline_code` is the processor's precise
 * reason, for admins; the shopper only ever sees a generic decline.
 */
export const cardTokenisations = sqliteTable(
  "card_tokenisations",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => users.id),
    outcome: text("outcome", { enum: ["pending", "saved", "declined", "invalid", "unavailable", "refused"] }).notNull(),
    declineCode: text("decline_code"),
    createdAt: createdAt(),
  },
  (t) => [index("card_tokenisations_customer_idx").on(t.customerId, t.createdAt)],
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
