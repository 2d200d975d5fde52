// The cron's payment reconciliation: an order that ended (FAILED or CANCELLED) after reaching
// payment is checked once with the gateway, and whatever its charge still holds goes back. It
// catches the hold an in-flight payment step made just as the order ended (or whose answer was
// lost), when the retry that would return it never came. Checked orders get a timeline note.
import { appendTimeline } from "../transitions.repo";
import type { SagaDeps } from "./context";
import { returnPayment } from "./return-payment";

/** Ended this long ago at least: the saga's own compensations have normally run by then. */
export const RECONCILE_GRACE_MS = 120_000;
/** Ended at most this long ago: older orders were reconciled by earlier runs. */
export const RECONCILE_WINDOW_MS = 86_400_000;

export const reconcileEndedCharges = async (deps: SagaDeps, now: number, limit = 50): Promise<number> => {
  const { results } = await deps.env.DB.prepare(
    `SELECT id, charge_id AS chargeId FROM orders
      WHERE status IN ('FAILED', 'CANCELLED') AND updated_at BETWEEN ? AND ?
        AND (charge_id IS NOT NULL OR EXISTS (SELECT 1 FROM order_events r WHERE r.id = orders.id || ':status:RESERVED'))
        AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.id IN (orders.id || ':note:refunded', orders.id || ':note:payment-checked'))
      LIMIT ?`,
  )
    .bind(now - RECONCILE_WINDOW_MS, now - RECONCILE_GRACE_MS, limit)
    .all<{ id: string; chargeId: string | null }>();
  let returned = 0;
  for (const order of results) {
    try {
      if (await returnPayment(deps, order, "reconciled")) returned++;
      await appendTimeline(deps.env, {
        id: `${order.id}:note:payment-checked`,
        orderId: order.id,
        kind: "note",
        status: "PAYMENT_CHECKED",
        reason: "reconciled",
        at: now,
      });
    } catch (e) {
      console.error(`reconcile: order ${order.id} not checked`, e); // the next run tries again
    }
  }
  return returned;
};
