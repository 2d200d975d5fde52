// Moves an order along the state machine in ONE D1 batch: the conditional status update, its
// timeline row, the events it emits (outbox) and the consumer's processed-event key. Every row
// after the update is conditional on the order having reached the new status, so a lost race or a
// redelivery writes nothing twice. Then sends the outbox rows and pushes the change to open pages.
import { notification, type Envelope, type NotificationKind } from "../shared/events";
import { outboxInsert, sendOutbox, type OutboxEntry } from "../shared/outbox.repo";
import { shopperReason } from "../payments/declines";
import { publishOrderUpdate } from "../tracking/publish";
import { isOrderStatus, predecessors, type OrderStatus } from "./order-status";
import { verifyReviewsOfDelivered } from "../reviews/reviews.repo";

export interface Transition {
  orderId: string;
  to: OrderStatus;
  reason: string | null;
  at: number;
  /** JSON-able details for the timeline (per-line failures, tracking number...). */
  data?: unknown;
  /** Order events to emit when the transition happens. */
  events?: Envelope[];
  notify?: NotificationKind;
  /** Extra columns set with the status (only these are allowed). */
  set?: { chargeId?: string; carrier?: string; trackingNumber?: string };
  /** The consumer and event this transition handles: recorded in the same batch. */
  processed?: { consumer: string; eventId: string };
  /** Narrows the statuses the order may move from (default: every predecessor of `to`). */
  from?: OrderStatus[];
}

export type TransitionOutcome =
  | { changed: true; customerId: string | null }
  | { changed: false; status: OrderStatus | null; customerId: string | null };

const SET_COLUMNS = { chargeId: "charge_id", carrier: "carrier", trackingNumber: "tracking_number" } as const;

export const processedInsert = (db: D1Database, p: { consumer: string; eventId: string }, at: number) =>
  db
    .prepare(`INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
    .bind(p.consumer, p.eventId, at);

export const timelineId = (orderId: string, to: OrderStatus) => `${orderId}:status:${to}`;

export const transitionOrder = async (env: Cloudflare.Env, t: Transition): Promise<TransitionOutcome> => {
  const db = env.DB;
  const from = predecessors(t.to).filter((s) => !t.from || t.from.includes(s));
  const extra = Object.entries(t.set ?? {}).filter(([, v]) => v !== undefined) as [keyof typeof SET_COLUMNS, string][];
  const setSql = extra.map(([k]) => `, ${SET_COLUMNS[k]} = ?`).join("");
  const update = db
    .prepare(
      `UPDATE orders SET status = ?, status_reason = ?, updated_at = ?${setSql}
       WHERE id = ? AND status IN (${from.map(() => "?").join(", ")}) RETURNING customer_id`,
    )
    .bind(t.to, t.reason, t.at, ...extra.map(([, v]) => v), t.orderId, ...from);
  const reached = { sql: `EXISTS (SELECT 1 FROM orders WHERE id = ? AND status = ?)`, params: [t.orderId, t.to] };
  const timeline = db
    .prepare(
      `INSERT INTO order_events (id, order_id, kind, status, reason, data, at)
       SELECT ?, ?, 'status', ?, ?, ?, ? WHERE ${reached.sql} ON CONFLICT(id) DO NOTHING`,
    )
    .bind(
      timelineId(t.orderId, t.to),
      t.orderId,
      t.to,
      t.reason,
      t.data === undefined ? null : JSON.stringify(t.data),
      t.at,
      ...reached.params,
    );
  const entries: OutboxEntry[] = [
    ...(t.events ?? []).map((event) => ({ queue: "order-events" as const, event })),
    ...(t.notify ? [{ queue: "notifications" as const, event: notification(t.orderId, t.notify, t.at, t.reason ?? undefined) }] : []),
  ];
  const statements = [update, timeline, ...entries.map((e) => outboxInsert(db, e, t.orderId, t.at, reached))];
  if (t.processed) statements.push(processedInsert(db, t.processed, t.at));
  // A review written before the parcel arrived becomes a verified purchase when it does.
  if (t.to === "DELIVERED") statements.push(verifyReviewsOfDelivered(db, t.orderId, reached));
  const [updated] = await db.batch<{ customer_id: string | null }>(statements);
  const row = updated?.results[0];
  // Re-send even when this delivery changed nothing: an earlier attempt may have crashed after its write.
  await sendOutbox(
    env,
    entries.map((e) => e.event.id),
    t.at,
  );
  if (row) {
    // The customer's live pages: a decline is only ever `card_declined` to them.
    if (row.customer_id)
      await publishOrderUpdate(env, row.customer_id, { orderId: t.orderId, status: t.to, reason: shopperReason(t.reason), at: t.at });
    return { changed: true, customerId: row.customer_id };
  }
  const current = await db
    .prepare(`SELECT status, customer_id FROM orders WHERE id = ?`)
    .bind(t.orderId)
    .first<{ status: string; customer_id: string | null }>();
  return {
    changed: false,
    status: current && isOrderStatus(current.status) ? current.status : null,
    customerId: current?.customer_id ?? null,
  };
};

/** A timeline note that is not a status change (a late payment refunded, a carrier scan). Idempotent by id. */
export const appendTimeline = (
  env: Cloudflare.Env,
  e: { id: string; orderId: string; kind: "note" | "tracking"; status: string; reason: string | null; data?: unknown; at: number },
) =>
  env.DB.prepare(
    `INSERT INTO order_events (id, order_id, kind, status, reason, data, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
  )
    .bind(e.id, e.orderId, e.kind, e.status, e.reason, e.data === undefined ? null : JSON.stringify(e.data), e.at)
    .run();
