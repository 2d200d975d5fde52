// The soak's verdict, read from the data itself after the load has drained: D1 (orders, charges,
// dead letters, notifications) and each touched SKU's InventoryDO (through the bench driver).
import type { BenchServer } from "../bench/server";
import type { InventorySnapshot } from "../../workers/inventory/types";
import type { InvariantResult } from "./types";

const SOLD = `('PAID', 'SHIPPED', 'OUT_FOR_DELIVERY', 'DELIVERED')`;
const TERMINAL = ["PAID", "SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED", "CANCELLED", "FAILED"];

const result = (name: string, problems: string[], counts: Record<string, number>, ok: string): InvariantResult => ({
  name,
  ok: problems.length === 0,
  detail: problems.length === 0 ? ok : problems.join("; "),
  counts,
});

const rows = async <T>(db: D1Database, sql: string, ...binds: unknown[]) =>
  (
    await db
      .prepare(sql)
      .bind(...binds)
      .all<T>()
  ).results;
const one = async (db: D1Database, sql: string, ...binds: unknown[]) =>
  (
    await db
      .prepare(sql)
      .bind(...binds)
      .first<{ n: number }>()
  )?.n ?? 0;

/** Every order placed since `since` is terminal, or still open but within its payment deadline. */
const ordersSettled = async (db: D1Database, since: number, now: number): Promise<InvariantResult> => {
  const byStatus = await rows<{ status: string; n: number }>(
    db,
    `SELECT status, count(*) AS n FROM orders WHERE created_at >= ? GROUP BY status`,
    since,
  );
  const counts = Object.fromEntries(byStatus.map((r) => [r.status, r.n]));
  const stuck = await one(
    db,
    `SELECT count(*) AS n FROM orders WHERE created_at >= ? AND status IN ('PENDING', 'RESERVED') AND coalesce(payment_deadline, 0) < ?`,
    since,
    now,
  );
  const unknown = byStatus.filter((r) => !TERMINAL.includes(r.status) && r.status !== "PENDING" && r.status !== "RESERVED");
  const problems = [
    ...(stuck > 0 ? [`${stuck} orders open past their payment deadline`] : []),
    ...unknown.map((r) => `${r.n} orders in unknown status ${r.status}`),
  ];
  return result(
    "every order terminal or explainable",
    problems,
    { ...counts, stuck },
    `${byStatus.reduce((n, r) => n + r.n, 0)} orders: all terminal or within their deadline`,
  );
};

/** Charges still holding money on orders of the soak that ended (the drain waits for none). */
export const HELD_ON_ENDED = `FROM gateway_charges c JOIN orders o ON o.id = c.order_id
  WHERE o.created_at >= ? AND c.status IN ('authorized', 'captured') AND o.status IN ('CANCELLED', 'FAILED')`;

/** Captured charges = sold orders (one each); no order charged twice; no hold left on a dead order. */
const chargesMatch = async (db: D1Database, since: number): Promise<InvariantResult> => {
  const recent = `order_id IN (SELECT id FROM orders WHERE created_at >= ?)`;
  const sold = await one(db, `SELECT count(*) AS n FROM orders WHERE created_at >= ? AND status IN ${SOLD}`, since);
  const soldWithCapture = await one(
    db,
    `SELECT count(*) AS n FROM orders o JOIN gateway_charges c ON c.id = o.charge_id AND c.order_id = o.id AND c.status = 'captured' WHERE o.created_at >= ? AND o.status IN ${SOLD}`,
    since,
  );
  const captured = await one(db, `SELECT count(*) AS n FROM gateway_charges WHERE status = 'captured' AND ${recent}`, since);
  const doubleCharged = await one(
    db,
    `SELECT count(*) AS n FROM (SELECT order_id FROM gateway_charges WHERE status IN ('authorized', 'captured') AND ${recent} GROUP BY order_id HAVING count(*) > 1)`,
    since,
  );
  const held = await rows<{ id: string; status: string; reason: string | null; charge: string }>(
    db,
    `SELECT o.id, o.status, o.status_reason AS reason, c.status AS charge ${HELD_ON_ENDED}`,
    since,
  );
  const heldOnDead = held.length;
  const problems = [
    ...(captured !== sold ? [`${captured} captured charges for ${sold} sold orders`] : []),
    ...(soldWithCapture !== sold ? [`${sold - soldWithCapture} sold orders without their captured charge`] : []),
    ...(doubleCharged > 0 ? [`${doubleCharged} orders charged more than once`] : []),
    ...(heldOnDead > 0
      ? [
          `${heldOnDead} cancelled/failed orders still holding or keeping money (${held
            .slice(0, 3)
            .map((h) => `${h.id} ${h.status}/${h.reason} charge ${h.charge}`)
            .join(", ")})`,
        ]
      : []),
  ];
  return result(
    "captured charges = PAID orders, none twice",
    problems,
    { sold, captured, doubleCharged, heldOnDead },
    `${captured} captures for ${sold} sold orders`,
  );
};

/** Per touched SKU: units conserved, nothing reserved after the drain, sold = units of sold orders. */
const stockConserved = async (server: BenchServer, db: D1Database, since: number): Promise<InvariantResult> => {
  const lines = await rows<{ sku: string; sold: number }>(
    db,
    `SELECT l.product_id AS sku, coalesce(sum(CASE WHEN o.status IN ${SOLD} THEN l.quantity ELSE 0 END), 0) AS sold
       FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.created_at >= ? GROUP BY l.product_id`,
    since,
  );
  const problems: string[] = [];
  let units = 0;
  let soldUnits = 0;
  for (let i = 0; i < lines.length; i += 16) {
    await Promise.all(
      lines.slice(i, i + 16).map(async ({ sku, sold }) => {
        const s = (await (await server.driver(`http://bench-driver/stock?sku=${encodeURIComponent(sku)}`)).json()) as InventorySnapshot;
        units += s.onHand + s.sold;
        soldUnits += s.sold;
        if (s.initial + s.restocked + s.adjusted + s.transferred !== s.onHand + s.sold)
          problems.push(`${sku}: units not conserved ${JSON.stringify(s)}`);
        if (s.onHand !== s.available + s.reserved || s.available < 0)
          problems.push(`${sku}: on hand ${s.onHand} ≠ available ${s.available} + reserved ${s.reserved}`);
        if (s.reserved !== 0) problems.push(`${sku}: ${s.reserved} units still reserved after the drain`);
        // The object counts sales through checkout only; every checkout of this server is in the soak.
        if (s.sold !== sold) problems.push(`${sku}: the object sold ${s.sold}, sold orders hold ${sold}`);
      }),
    );
  }
  return result(
    "stock conserved for every SKU, nothing oversold",
    problems.slice(0, 10).concat(problems.length > 10 ? [`… ${problems.length - 10} more`] : []),
    { skus: lines.length, units, soldUnits },
    `${lines.length} SKUs conserved`,
  );
};

/**
 * Order events of the soak that are due (sent, any delay over) yet no saga step recorded them as
 * handled and they were not dead-lettered: a lost message the saga never recovered. Each event
 * type has one step, so any processed_events key for the event counts (InventoryFailed has none).
 */
export const UNHANDLED_EVENTS_SQL = `SELECT count(*) AS n FROM outbox o
  WHERE o.queue = 'order-events' AND o.type <> 'InventoryFailed' AND o.created_at >= ?1 AND o.sent_at + o.delay_seconds * 1000 <= ?2
    AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.event_id = o.id)
    AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.event_id = o.id)`;

/** Every dead letter recorded and explained: each poison message once, none for an order still open. */
const deadLettersAccounted = async (db: D1Database, since: number, poison: string[]): Promise<InvariantResult> => {
  const recorded = await rows<{ marker: string; n: number }>(
    db,
    `SELECT json_extract(body, '$.marker') AS marker, count(*) AS n FROM dead_letters WHERE received_at >= ? AND json_valid(body) AND json_extract(body, '$.marker') IS NOT NULL GROUP BY 1`,
    since,
  );
  const seen = new Map(recorded.map((r) => [r.marker, r.n]));
  const missing = poison.filter((m) => !seen.has(m));
  const twice = recorded.filter((r) => r.n > 1);
  const byQueue = await rows<{ q: string; n: number }>(
    db,
    `SELECT source_queue AS q, count(*) AS n FROM dead_letters WHERE received_at >= ? GROUP BY 1`,
    since,
  );
  const openWithDead = await one(
    db,
    `SELECT count(*) AS n FROM orders o WHERE o.created_at >= ? AND o.status IN ('PENDING', 'RESERVED')
       AND EXISTS (SELECT 1 FROM dead_letters d WHERE d.received_at >= ? AND d.body LIKE '%' || o.id || '%')`,
    since,
    since,
  );
  const unsent = await one(db, `SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND created_at >= ?`, since);
  const unhandled = await one(db, UNHANDLED_EVENTS_SQL, since, Date.now());
  // Order events sent more than once from the outbox: re-driven by the cron (or a failed send retried).
  const resent = await rows<{ type: string; n: number }>(
    db,
    `SELECT type, count(*) AS n FROM outbox WHERE queue = 'order-events' AND created_at >= ? AND attempts > 1 GROUP BY 1`,
    since,
  );
  const problems = [
    ...(missing.length > 0 ? [`${missing.length} of ${poison.length} poison messages not in the dead letters`] : []),
    ...(twice.length > 0 ? [`${twice.length} poison messages recorded more than once`] : []),
    ...(openWithDead > 0 ? [`${openWithDead} open orders have a dead-lettered event`] : []),
    ...(unsent > 0 ? [`${unsent} outbox messages never sent`] : []),
    ...(unhandled > 0 ? [`${unhandled} order events sent but never handled nor dead-lettered`] : []),
  ];
  const counts = {
    ...Object.fromEntries(byQueue.map((r) => [r.q, r.n])),
    poisonSent: poison.length,
    poisonRecorded: seen.size,
    openWithDead,
    unsent,
    unhandled,
    ...Object.fromEntries(resent.map((r) => [`resent ${r.type}`, r.n])),
  };
  return result(
    "every dead letter accounted for",
    problems,
    counts,
    `${byQueue.reduce((n, r) => n + r.n, 0)} dead letters recorded (all ${poison.length} poison messages, once each), none leaves an order open; outbox drained, every order event handled`,
  );
};

/** Ended customer orders of the soak without a sent email (the drain waits for this to reach 0 too). */
export const MISSING_EMAILS_SQL = `SELECT count(*) AS n FROM orders o WHERE o.created_at >= ? AND o.customer_id IS NOT NULL
  AND o.status NOT IN ('PENDING', 'RESERVED') AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.order_id = o.id AND n.state = 'sent')`;

/** Every ended customer order mailed; no email twice: one row per (order, kind), each subject mailed once. */
const notificationsOnce = async (db: D1Database, since: number, mailed: Map<string, number>): Promise<InvariantResult> => {
  const dup = await one(
    db,
    `SELECT count(*) AS n FROM (SELECT 1 FROM notifications WHERE created_at >= ? GROUP BY order_id, kind HAVING count(*) > 1)`,
    since,
  );
  const stuck = await one(db, `SELECT count(*) AS n FROM notifications WHERE created_at >= ? AND state <> 'sent'`, since);
  const sent = await one(db, `SELECT count(*) AS n FROM notifications WHERE created_at >= ?`, since);
  const twice = [...mailed].filter(([, n]) => n > 1);
  const missing = await one(db, MISSING_EMAILS_SQL, since);
  const problems = [
    ...(missing > 0 ? [`${missing} ended customer orders without their email`] : []),
    ...(dup > 0 ? [`${dup} (order, kind) pairs with more than one notification`] : []),
    ...(stuck > 0 ? [`${stuck} notifications not sent`] : []),
    ...(twice.length > 0 ? [`${twice.length} emails sent more than once, e.g. "${twice[0]![0]}" ×${twice[0]![1]}`] : []),
  ];
  return result(
    "every ended order mailed, no notification twice",
    problems,
    { notifications: sent, emailsSeen: [...mailed.values()].reduce((a, b) => a + b, 0), missing, dup, stuck },
    `${sent} notifications, every ended order mailed, each once`,
  );
};

export const checkInvariants = async (
  server: BenchServer,
  since: number,
  mailed: Map<string, number>,
  poison: string[],
): Promise<InvariantResult[]> => {
  const db = (await server.env()).DB;
  const now = Date.now();
  return [
    await ordersSettled(db, since, now),
    await stockConserved(server, db, since),
    await chargesMatch(db, since),
    await deadLettersAccounted(db, since, poison),
    await notificationsOnce(db, since, mailed),
  ];
};
