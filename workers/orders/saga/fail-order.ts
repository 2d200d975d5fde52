// Saga steps that end an unpaid order: PaymentFailed (declined: FAILED, payment-failed email) and
// PaymentDeadlineReached (no result in time: FAILED/payment_timeout). Both then run the
// compensation, releasing every hold and returning whatever the order's charge holds (a capture
// whose PaymentCompleted never arrived is refunded); doing either twice, or for nothing, is fine.
import { releaseAll } from "../../inventory/reserve-all";
import type { OrderEventData } from "../../shared/events";
import { OPEN_STATUSES } from "../order-status";
import { loadOrder, type StoredOrder } from "../orders.repo";
import { transitionOrder } from "../transitions.repo";
import { markProcessed, PermanentError, TransientError, type SagaDeps } from "./context";
import { returnPayment } from "./return-payment";

export const FAIL_ORDER = "fail-order";
export const EXPIRE_ORDER = "expire-order";

const compensateIfEnded = async (deps: SagaDeps, order: StoredOrder, status: string | null) => {
  if (status !== "FAILED" && status !== "CANCELLED") return;
  const released = await releaseAll(
    deps.env,
    order.id,
    order.lines.map((l) => l.productId),
  );
  if (!released.ok && released.failures.some((f) => f.code === "internal_error"))
    throw new TransientError(`release ${order.id}: stock service unavailable`);
  // A CANCELLED order's money is the cancel step's to return (it may restock sold units first).
  if (status === "FAILED") await returnPayment(deps, order, "order_failed");
};

export const failOrder = async (deps: SagaDeps, eventId: string, data: OrderEventData["PaymentFailed"]): Promise<void> => {
  const order = await loadOrder(deps.env, data.orderId);
  if (!order) throw new PermanentError(`PaymentFailed for unknown order ${data.orderId}`);
  const t = await transitionOrder(deps.env, {
    orderId: order.id,
    to: "FAILED",
    from: ["RESERVED"],
    reason: data.code,
    at: deps.now(),
    data: { message: data.message },
    notify: "payment_failed",
  });
  await compensateIfEnded(deps, order, t.changed ? "FAILED" : t.status);
  await markProcessed(deps.env, FAIL_ORDER, eventId, deps.now());
};

/** Also run by the cron for overdue orders whose delayed check was lost: `eventId` may be synthetic. */
export const expireOrder = async (
  deps: SagaDeps,
  eventId: string,
  data: OrderEventData["PaymentDeadlineReached"],
): Promise<{ retryInSeconds?: number }> => {
  const order = await loadOrder(deps.env, data.orderId);
  if (!order) throw new PermanentError(`PaymentDeadlineReached for unknown order ${data.orderId}`);
  const now = deps.now();
  const open = (OPEN_STATUSES as readonly string[]).includes(order.status);
  if (open && order.paymentDeadline !== null && now < order.paymentDeadline) {
    return { retryInSeconds: Math.ceil((order.paymentDeadline - now) / 1000) }; // early (clock skew): look again then
  }
  const t = open
    ? await transitionOrder(deps.env, {
        orderId: order.id,
        to: "FAILED",
        from: [...OPEN_STATUSES],
        reason: "payment_timeout",
        at: now,
        notify: "order_timed_out",
      })
    : { changed: false as const, status: order.status };
  await compensateIfEnded(deps, order, t.changed ? "FAILED" : t.status);
  await markProcessed(deps.env, EXPIRE_ORDER, eventId, deps.now());
  return {};
};
