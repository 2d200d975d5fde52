// The soak's drain: after the load, the cron runs every 2 s (as the every-minute trigger would,
// only faster) until the saga has settled everything the load started; then what is still open
// is described for the log. The invariants are only read once this returns.
import type { BenchServer } from "../bench/server";
import { HELD_ON_ENDED, MISSING_EMAILS_SQL, UNHANDLED_EVENTS_SQL } from "./invariants";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The deadline sweep acts a minute after a deadline (DEADLINE_SWEEP_SLACK_MS), a lost event is
 * re-driven two minutes after it was due (REDRIVE_GRACE_MS), the payment reconciliation two minutes
 * after an order ended (RECONCILE_GRACE_MS): the drain may wait for all of them, one after another.
 */
export const DRAIN_MS = 30_000 + 60_000 + 120_000 + 120_000 + 60_000;

/**
 * Waits until no order of the soak is open, the outbox is empty, every due order event was handled
 * (a lost one is re-driven by the cron two minutes on), no ended order still holds money and every
 * ended customer order has its email, running the cron every 2 s; bounded by `timeoutMs`.
 */
export const drain = async (server: BenchServer, since: number, timeoutMs: number) => {
  const db = (await server.env()).DB;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open =
      (
        await db
          .prepare(`SELECT count(*) AS n FROM orders WHERE created_at >= ? AND status IN ('PENDING', 'RESERVED')`)
          .bind(since)
          .first<{ n: number }>()
      )?.n ?? 0;
    const unsent =
      (await db.prepare(`SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND created_at >= ?`).bind(since).first<{ n: number }>())
        ?.n ?? 0;
    const held = (await db.prepare(`SELECT count(*) AS n ${HELD_ON_ENDED}`).bind(since).first<{ n: number }>())?.n ?? 0;
    const unmailed = (await db.prepare(MISSING_EMAILS_SQL).bind(since).first<{ n: number }>())?.n ?? 0;
    const unhandled = (await db.prepare(UNHANDLED_EVENTS_SQL).bind(since, Date.now()).first<{ n: number }>())?.n ?? 0;
    const done = open === 0 && unsent === 0 && held === 0 && unmailed === 0 && unhandled === 0;
    if (done || Date.now() > until) return { open, unsent, held, unmailed, unhandled, waitedMs: timeoutMs - (until - Date.now()) };
    await server.scheduled();
    await sleep(2000);
  }
};

/** What the orders still open after the drain went through (for the log). */
export const describeOpen = async (server: BenchServer, since: number) => {
  const db = (await server.env()).DB;
  const open = (
    await db
      .prepare(
        `SELECT id, status, created_at, payment_deadline FROM orders WHERE created_at >= ? AND status IN ('PENDING', 'RESERVED') LIMIT 5`,
      )
      .bind(since)
      .all<{ id: string; status: string; created_at: number; payment_deadline: number | null }>()
  ).results;
  for (const o of open) {
    const events = (
      await db
        .prepare(`SELECT kind, status, reason, at FROM order_events WHERE order_id = ? ORDER BY at`)
        .bind(o.id)
        .all<{ kind: string; status: string; reason: string | null; at: number }>()
    ).results;
    const charges = (await db.prepare(`SELECT status FROM gateway_charges WHERE order_id = ?`).bind(o.id).all<{ status: string }>())
      .results;
    const outbox = (
      await db
        .prepare(`SELECT type, sent_at IS NOT NULL AS sent, attempts FROM outbox WHERE order_id = ? ORDER BY created_at`)
        .bind(o.id)
        .all<{ type: string; sent: number; attempts: number }>()
    ).results;
    console.log(
      `soak: open ${o.id} ${o.status} deadline in ${(((o.payment_deadline ?? 0) - Date.now()) / 1000) | 0} s; events ${events.map((e) => `${e.kind}:${e.status}${e.reason ? `/${e.reason}` : ""}@${e.at - o.created_at}`).join(" ")}; charges ${charges.map((c) => c.status).join(",") || "none"}; outbox ${outbox.map((m) => `${m.type}${m.sent ? "" : "(unsent)"}×${m.attempts}`).join(" ")}`,
    );
  }
};
