// Notification storage (D1): the order summary an email is rendered from, and the `notifications`
// row that makes each email idempotent by message id (claimed as `sending`, then marked `sent`).
import type { OrderSummary } from "./templates";

export interface NotificationOrder {
  summary: Omit<OrderSummary, "reason">;
  statusReason: string | null;
  customerId: string | null;
  /** The customer's address; null for a guest order or a customer row that no longer exists. */
  email: string | null;
}

type OrderRow = {
  id: string;
  customer_id: string | null;
  currency: string;
  total_minor: number;
  estimated_delivery: number | null;
  carrier: string | null;
  tracking_number: string | null;
  status_reason: string | null;
  email: string | null;
  name: string | null;
};
type LineRow = { title: string; quantity: number; unit_price_minor: number };

/** The order, its lines and its customer's email in one round trip; null for an unknown order. */
export const loadNotificationOrder = async (db: D1Database, orderId: string): Promise<NotificationOrder | null> => {
  const [orders, lines] = await db.batch<OrderRow | LineRow>([
    db
      .prepare(
        `SELECT o.id, o.customer_id, o.currency, o.total_minor, o.estimated_delivery, o.carrier, o.tracking_number,
              o.status_reason, u.email, u.name
       FROM orders o LEFT JOIN users u ON u.id = o.customer_id WHERE o.id = ?`,
      )
      .bind(orderId),
    db.prepare(`SELECT title, quantity, unit_price_minor FROM order_lines WHERE order_id = ? ORDER BY line_no`).bind(orderId),
  ]);
  const o = orders?.results[0] as OrderRow | undefined;
  if (!o) return null;
  return {
    summary: {
      id: o.id,
      customerName: o.name,
      totalMinor: o.total_minor,
      currency: o.currency,
      lines: ((lines?.results ?? []) as LineRow[]).map((l) => ({
        title: l.title,
        quantity: l.quantity,
        unitPriceMinor: l.unit_price_minor,
      })),
      estimatedDelivery: o.estimated_delivery,
      carrier: o.carrier,
      trackingNumber: o.tracking_number,
    },
    statusReason: o.status_reason,
    customerId: o.customer_id,
    email: o.email,
  };
};

export interface NotificationDraft {
  id: string;
  orderId: string;
  customerId: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
}

export interface ClaimedNotification {
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

/** How long one delivery may take to send before another may try (a crashed sender's lease lapses). */
export const SEND_LEASE_MS = 60_000;

export type Claim = { kind: "send"; email: ClaimedNotification } | { kind: "sent" } | { kind: "busy"; retryInMs: number };

/**
 * Claims the email for sending, atomically: a new id is inserted as `sending` under a lease; an id
 * still `sending` whose lease lapsed (an earlier attempt crashed or failed between send and mark)
 * is re-leased with attempts bumped and answered with its STORED content, so a re-send is the same
 * email. An id `sent` needs nothing; one `sending` under a live lease is another delivery's: busy.
 */
export const claimNotification = async (db: D1Database, d: NotificationDraft, now: number): Promise<Claim> => {
  const email = await db
    .prepare(
      `INSERT INTO notifications (id, order_id, customer_id, kind, recipient, subject, body, state, claimed_until, attempts, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'sending', ?, 1, ?)
       ON CONFLICT(id) DO UPDATE SET attempts = notifications.attempts + 1, claimed_until = excluded.claimed_until
         WHERE notifications.state = 'sending' AND COALESCE(notifications.claimed_until, 0) <= ?
       RETURNING recipient, subject, body, attempts`,
    )
    .bind(d.id, d.orderId, d.customerId, d.kind, d.recipient, d.subject, d.body, now + SEND_LEASE_MS, now, now)
    .first<ClaimedNotification>();
  if (email) return { kind: "send", email };
  const row = await db
    .prepare(`SELECT state, claimed_until FROM notifications WHERE id = ?`)
    .bind(d.id)
    .first<{ state: string; claimed_until: number | null }>();
  return row?.state === "sent" ? { kind: "sent" } : { kind: "busy", retryInMs: Math.max(1000, (row?.claimed_until ?? now) - now) };
};

export const markNotificationSent = async (db: D1Database, id: string, now: number): Promise<void> => {
  await db.prepare(`UPDATE notifications SET state = 'sent', sent_at = ?, claimed_until = NULL WHERE id = ?`).bind(now, id).run();
};

/** A send that failed gives its lease back, so the retry (after its backoff) may claim at once. */
export const releaseNotificationLease = async (db: D1Database, id: string): Promise<void> => {
  await db.prepare(`UPDATE notifications SET claimed_until = NULL WHERE id = ? AND state = 'sending'`).bind(id).run();
};
