// The cron's payment reconciliation: an order that ended (FAILED or CANCELLED) with a charge is
// checked once with the gateway, and whatever the charge still holds goes back. It catches the
// hold an in-flight payment step made just as the order ended, when that step's own retry (which
// would return it) was lost. Checked orders get a timeline note, so each is looked at once.
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
      WHERE status IN ('FAILED', 'CANCELLED') AND charge_id IS NOT NULL AND updated_at BETWEEN ? AND ?
        AND NOT EXISTS (SELECT 1 FROM order_events e WHERE e.id IN (orders.id || ':note:refunded', orders.id || ':note:payment-checked'))
      LIMIT ?`,
  ).bind(now - RECONCILE_WINDOW_MS, now - RECONCILE_GRACE_MS, limit).all<{ id: string; chargeId: string }>();
  let returned = 0;
  for (const order of results) {
    try {
      const before = await deps.gateway.retrieve(order.chargeId);
      await returnPayment(deps, order, "reconciled");
      if (before?.status === "authorized" || before?.status === "captured") returned++;
      await appendTimeline(deps.env, { id: `${order.id}:note:payment-checked`, orderId: order.id, kind: "note", status: "PAYMENT_CHECKED", reason: "reconciled", at: now });
    } catch (e) {
      console.error(`reconcile: order ${order.id} not checked`, e); // the next run tries again
    }
  }
  return returned;
};
