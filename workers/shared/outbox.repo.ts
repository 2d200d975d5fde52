// The transactional outbox: events are INSERTed in the same D1 batch as the change they describe
// (never lost by a crash between write and send), then sent to their queue and marked sent.
// Sending twice is harmless (consumers dedup by event id); not sending is what the cron repairs.
import type { Envelope } from "./events";

export type OutboxQueue = "order-events" | "notifications";

export interface OutboxEntry {
  queue: OutboxQueue;
  event: Envelope;
  delaySeconds?: number;
}

const INSERT = `INSERT INTO outbox (id, queue, type, order_id, payload, delay_seconds, created_at)`;

/** An outbox insert, optionally only when `condition` (SQL over bound params) holds: it joins a batch. */
export const outboxInsert = (
  db: D1Database,
  e: OutboxEntry,
  orderId: string | null,
  now: number,
  condition?: { sql: string; params: unknown[] },
): D1PreparedStatement => {
  const values = [e.event.id, e.queue, e.event.type, orderId, JSON.stringify(e.event), e.delaySeconds ?? 0, now];
  if (!condition) return db.prepare(`${INSERT} VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`).bind(...values);
  return db
    .prepare(`${INSERT} SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${condition.sql} ON CONFLICT(id) DO NOTHING`)
    .bind(...values, ...condition.params);
};

type Row = { id: string; queue: OutboxQueue; payload: string; delay_seconds: number };

const producer = (env: Cloudflare.Env, queue: OutboxQueue): Queue => (queue === "order-events" ? env.ORDER_EVENTS : env.NOTIFICATIONS);

// D1 allows 100 bound parameters; sendBatch takes 100 messages.
const CHUNK = 90;

const sendRows = async (env: Cloudflare.Env, rows: Row[], now: number): Promise<number> => {
  let sent = 0;
  for (const queue of ["order-events", "notifications"] as const) {
    const mine = rows.filter((r) => r.queue === queue);
    if (mine.length === 0) continue;
    try {
      await producer(env, queue).sendBatch(
        mine.map((r) => ({
          body: JSON.parse(r.payload),
          contentType: "json" as const,
          ...(r.delay_seconds > 0 ? { delaySeconds: r.delay_seconds } : {}),
        })),
      );
    } catch (e) {
      // Left unsent: the cron re-sends it. Count the attempt so a stuck row is visible.
      console.error(`outbox: send to ${queue} failed`, e);
      await env.DB.prepare(`UPDATE outbox SET attempts = attempts + 1 WHERE id IN (SELECT value FROM json_each(?))`)
        .bind(JSON.stringify(mine.map((r) => r.id)))
        .run();
      continue;
    }
    await env.DB.prepare(`UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id IN (SELECT value FROM json_each(?))`)
      .bind(now, JSON.stringify(mine.map((r) => r.id)))
      .run();
    sent += mine.length;
  }
  return sent;
};

/** Sends entries this request has just written (no need to read them back); answers how many were sent. */
export const sendWritten = (env: Cloudflare.Env, entries: readonly OutboxEntry[], now: number): Promise<number> =>
  sendRows(
    env,
    entries.map((e) => ({ id: e.event.id, queue: e.queue, payload: JSON.stringify(e.event), delay_seconds: e.delaySeconds ?? 0 })),
    now,
  );

/** Sends the listed events if still unsent; answers how many were sent. Never throws for a queue outage. */
export const sendOutbox = async (env: Cloudflare.Env, ids: readonly string[], now: number): Promise<number> => {
  let sent = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const { results } = await env.DB.prepare(
      `SELECT id, queue, payload, delay_seconds FROM outbox WHERE sent_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
    )
      .bind(JSON.stringify(chunk))
      .all<Row>();
    sent += await sendRows(env, results, now);
  }
  return sent;
};

/**
 * The cron's repair: re-sends rows unsent for longer than `olderThanMs`. A delayed event keeps
 * its remaining delay, so a payment-deadline check is not fired early.
 */
export const resendStale = async (env: Cloudflare.Env, now: number, olderThanMs: number, limit = 500): Promise<number> => {
  const { results } = await env.DB.prepare(
    `SELECT id, queue, payload, delay_seconds, created_at FROM outbox WHERE sent_at IS NULL AND created_at <= ? ORDER BY created_at LIMIT ?`,
  )
    .bind(now - olderThanMs, limit)
    .all<Row & { created_at: number }>();
  const rows = results.map((r) => ({ ...r, delay_seconds: Math.max(0, Math.ceil((r.created_at + r.delay_seconds * 1000 - now) / 1000)) }));
  let sent = 0;
  for (let i = 0; i < rows.length; i += 100) sent += await sendRows(env, rows.slice(i, i + 100), now);
  return sent;
};

/**
 * Re-sends notification messages that were sent but never finished: the email is stuck `sending`
 * `lapseMs` after its lease lapsed (the delivery died and its redelivery was lost), or there is no
 * email at all for a customer's order (the message itself was lost). The consumer re-claims a
 * lapsed lease and sends the stored email (the same message), so nothing is mailed twice on purpose.
 */
export const resendStuckNotifications = async (env: Cloudflare.Env, now: number, lapseMs: number, limit = 50): Promise<number> => {
  const { results } = await env.DB.prepare(
    `SELECT o.id, o.queue, o.payload, 0 AS delay_seconds FROM notifications n JOIN outbox o ON o.id = n.id
      WHERE n.state = 'sending' AND coalesce(n.claimed_until, 0) < ?1 AND o.queue = 'notifications'
     UNION ALL
     SELECT o.id, o.queue, o.payload, 0 FROM outbox o
      WHERE o.queue = 'notifications' AND o.sent_at BETWEEN ?1 - 86400000 AND ?1
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = o.id)
        AND EXISTS (SELECT 1 FROM orders r WHERE r.id = o.order_id AND r.customer_id IS NOT NULL)
     LIMIT ?2`,
  )
    .bind(now - lapseMs, limit)
    .all<Row>();
  return results.length === 0 ? 0 : sendRows(env, results, now);
};

/** Sent messages of `queue` whose consumer never finished them: sent after `sentAfter`, due (any delay over) by `dueBy`. */
export interface UnprocessedWindow {
  queue: OutboxQueue;
  /** Per event type, the consumer whose processed_events key says the event was handled; other types are ignored. */
  steps: Readonly<Record<string, string>>;
  sentAfter: number;
  dueBy: number;
  /** Rows sent this many times already are left alone (a step that keeps failing is not re-driven forever). */
  maxSends: number;
}

/**
 * The cron's repair for lost messages: re-sends (without delay) events that were sent but never
 * processed and not dead-lettered (those are an admin's to replay). Queues deliver at least
 * once only while the message lives: a runtime that dies holding it, or a retry it was
 * scheduling, can lose it, and the saga would stop at that step (a PAID order whose stock was
 * never committed). Steps are idempotent, so re-sending one still in flight is harmless.
 */
export const resendUnprocessed = async (env: Cloudflare.Env, w: UnprocessedWindow, now: number, limit = 100): Promise<number> => {
  const { results } = await env.DB.prepare(
    `SELECT o.id, o.queue, o.payload, 0 AS delay_seconds FROM outbox o
      WHERE o.queue = ?2 AND o.sent_at >= ?3 AND o.sent_at + o.delay_seconds * 1000 <= ?4
        AND o.attempts < ?5 AND json_extract(?1, '$.' || o.type) IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.consumer = json_extract(?1, '$.' || o.type) AND p.event_id = o.id)
        AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.event_id = o.id)
      ORDER BY o.sent_at LIMIT ?6`,
  )
    .bind(JSON.stringify(w.steps), w.queue, w.sentAfter, w.dueBy, w.maxSends, limit)
    .all<Row>();
  return results.length === 0 ? 0 : sendRows(env, results, now);
};

/** Forgets sent outbox rows and processed-event marks older than `cutoff`; answers how many rows went. */
export const purgeDeliveredBefore = async (db: D1Database, cutoff: number): Promise<number> => {
  const [outbox, processed] = await db.batch([
    db.prepare(`DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?`).bind(cutoff),
    db.prepare(`DELETE FROM processed_events WHERE processed_at < ?`).bind(cutoff),
  ]);
  return (outbox?.meta.changes ?? 0) + (processed?.meta.changes ?? 0);
};
