// Dead-letter storage (D1): recording a dead message (idempotent by its id), admin reads in keyset
// pages, and a replay, which sends the stored body back to the queue it failed on and counts it.
import { DomainError } from "../shared/errors";

export type SourceQueue = "order-events" | "notifications" | "search-events";
export type DeadLetterState = "open" | "replayed" | "all";

export interface DeadLetter {
  id: string;
  sourceQueue: string;
  eventId: string | null;
  eventType: string | null;
  /** The message body as JSON text. */
  body: string;
  receivedAt: number;
  replayedAt: number | null;
  replayCount: number;
}

type Row = {
  id: string;
  source_queue: string;
  event_id: string | null;
  event_type: string | null;
  body: string;
  received_at: number;
  replayed_at: number | null;
  replay_count: number;
};

const COLUMNS = "id, source_queue, event_id, event_type, body, received_at, replayed_at, replay_count";

const toDeadLetter = (r: Row): DeadLetter => ({
  id: r.id,
  sourceQueue: r.source_queue,
  eventId: r.event_id,
  eventType: r.event_type,
  body: r.body,
  receivedAt: r.received_at,
  replayedAt: r.replayed_at,
  replayCount: r.replay_count,
});

/** Records a dead message once: a redelivery of the same DLQ message changes nothing. */
export const recordDeadLetter = async (db: D1Database, d: Omit<DeadLetter, "replayedAt" | "replayCount">): Promise<void> => {
  await db
    .prepare(
      `INSERT INTO dead_letters (id, source_queue, event_id, event_type, body, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
    )
    .bind(d.id, d.sourceQueue, d.eventId, d.eventType, d.body, d.receivedAt)
    .run();
};

export const findDeadLetter = async (db: D1Database, id: string): Promise<DeadLetter | null> => {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE id = ?`).bind(id).first<Row>();
  return row ? toDeadLetter(row) : null;
};

const STATE_SQL: Record<DeadLetterState, string> = {
  open: "replayed_at IS NULL",
  replayed: "replayed_at IS NOT NULL",
  all: "1 = 1",
};

/** Newest first; `after` is the last row of the previous page (received_at, id). */
export const listDeadLetters = async (
  db: D1Database,
  q: { state: DeadLetterState; limit: number; after?: { receivedAt: number; id: string } },
): Promise<{ items: DeadLetter[]; hasMore: boolean }> => {
  const keyset = q.after ? "AND (received_at < ? OR (received_at = ? AND id < ?))" : "";
  const params = q.after ? [q.after.receivedAt, q.after.receivedAt, q.after.id] : [];
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE ${STATE_SQL[q.state]} ${keyset} ORDER BY received_at DESC, id DESC LIMIT ?`)
    .bind(...params, q.limit + 1)
    .all<Row>();
  return { items: results.slice(0, q.limit).map(toDeadLetter), hasMore: results.length > q.limit };
};

const PRODUCERS: Record<SourceQueue, (env: Cloudflare.Env) => Queue> = {
  "order-events": (env) => env.ORDER_EVENTS,
  notifications: (env) => env.NOTIFICATIONS,
  "search-events": (env) => env.SEARCH_EVENTS,
};

const producer = (env: Cloudflare.Env, queue: string): Queue | null =>
  Object.hasOwn(PRODUCERS, queue) ? PRODUCERS[queue as SourceQueue](env) : null;

/**
 * Sends the stored body back to its source queue, then stamps the row. Sending first means a
 * crash in between replays without counting it, never counts a replay that was not sent; the
 * consumers are idempotent, so replaying (again) is safe. Null when there is no such dead letter.
 */
export const replayDeadLetter = async (env: Cloudflare.Env, id: string, now: number): Promise<DeadLetter | null> => {
  const letter = await findDeadLetter(env.DB, id);
  if (!letter) return null;
  const queue = producer(env, letter.sourceQueue);
  if (!queue) throw new Error(`dead letter ${id}: no producer for queue ${letter.sourceQueue}`);
  try {
    await queue.send(JSON.parse(letter.body), { contentType: "json" });
  } catch (e) {
    console.error(`dead letter ${id}: replay to ${letter.sourceQueue} failed`, e);
    throw new DomainError("unavailable", "dependency_unavailable", "The queue could not take the message: try the replay again.");
  }
  const row = await env.DB.prepare(
    `UPDATE dead_letters SET replayed_at = ?, replay_count = replay_count + 1 WHERE id = ? RETURNING ${COLUMNS}`,
  )
    .bind(now, id)
    .first<Row>();
  return row ? toDeadLetter(row) : null;
};
