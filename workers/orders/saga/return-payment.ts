// Compensation shared by every step that ends an order without a sale: whatever the order's
// charge still holds goes back (an authorisation is voided, a capture refunded), with the
// order-derived idempotency keys, so two steps racing to do it return the money once. A charge
// the order never learned of (its authorise answer was lost) is found by its idempotency key.
import { paymentKeys } from "../../payments/gateway";
import type { StoredOrder } from "../orders.repo";
import { appendTimeline } from "../transitions.repo";
import { TransientError, type SagaDeps } from "./context";

/** Answers whether anything was still held (and so voided or refunded). */
export const returnPayment = async (deps: SagaDeps, order: Pick<StoredOrder, "id" | "chargeId">, reason: string): Promise<boolean> => {
  const keys = paymentKeys(order.id);
  const charge = order.chargeId ? await deps.gateway.retrieve(order.chargeId) : await deps.gateway.findByIdempotencyKey(keys.authorize);
  if (!charge) return false;
  const chargeId = charge.id;
  const r =
    charge.status === "authorized"
      ? await deps.gateway.void({ idempotencyKey: keys.void, chargeId }, deps.now())
      : charge.status === "captured"
        ? await deps.gateway.refund({ idempotencyKey: keys.refund, chargeId }, deps.now())
        : null;
  if (r && !r.ok && r.error.retryable) throw new TransientError(`return payment ${order.id}: ${r.error.code}`);
  if (!r) return false;
  if (!r.ok) console.error(`return payment ${order.id} refused: ${r.error.code}`);
  await appendTimeline(deps.env, {
    id: `${order.id}:note:refunded`,
    orderId: order.id,
    kind: "note",
    status: "REFUNDED",
    reason,
    data: { chargeId, ok: r.ok },
    at: deps.now(),
  });
  return true;
};
