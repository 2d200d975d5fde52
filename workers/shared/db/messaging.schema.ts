// Messaging: the transactional outbox, processed-event keys, notifications and dead letters.
// Part of the one D1 schema (schema.ts re-exports it; drizzle-kit and the client read that).
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";

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
  // By event: the saga's re-drive skips events an admin owns now (they are dead-lettered).
  (t) => [index("dead_letters_received_idx").on(t.receivedAt), index("dead_letters_event_idx").on(t.eventId)],
);
