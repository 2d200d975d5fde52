// Saga step on OrderCancelled (the compensation for a cancel before shipping): an unpaid order's
// holds are released and any authorisation voided; a paid order's units go back to stock (only
// those actually sold to it) and its charge is refunded. Every call is idempotent by order.
import { commitAll, inventoryStub, releaseAll, sumLines } from "../../inventory/reserve-all";
import type { OrderEventData } from "../../shared/events";
import { loadOrder } from "../orders.repo";
import { markProcessed, PermanentError, TransientError, type SagaDeps } from "./context";
import { returnPayment } from "./return-payment";

export const REFUND_CANCELLED = "refund-cancelled";

export const refundCancelled = async (deps: SagaDeps, eventId: string, data: OrderEventData["OrderCancelled"]): Promise<void> => {
  const { env } = deps;
  const order = await loadOrder(env, data.orderId);
  if (!order) throw new PermanentError(`OrderCancelled for unknown order ${data.orderId}`);
  if (order.status !== "CANCELLED") throw new PermanentError(`OrderCancelled but order ${order.id} is ${order.status}`);
  const skus = order.lines.map((l) => l.productId);
  if (data.refund) {
    // Sold units come back; make sure the sale is recorded first, so a racing commit cannot sell them twice.
    const committed = await commitAll(env, order.id, skus);
    if (!committed.ok && committed.failures.some((f) => f.code === "internal_error"))
      throw new TransientError(`commit ${order.id}: stock service unavailable`);
    const sold = new Set((committed.reservations ?? []).filter((r) => r.status === "committed").map((r) => r.productId));
    const perSku = sumLines(order.lines.map((l) => ({ productId: l.productId, qty: l.quantity })));
    for (const [sku, qty] of perSku) {
      if (!sold.has(sku)) continue;
      const r = await inventoryStub(env, sku).restock(sku, qty, `cancel:${order.id}`); // idempotent by op id
      if (!r.ok) throw new TransientError(`restock ${sku} for ${order.id}: ${r.error.code}`);
    }
  } else {
    const released = await releaseAll(env, order.id, skus);
    if (!released.ok && released.failures.some((f) => f.code === "internal_error"))
      throw new TransientError(`release ${order.id}: stock service unavailable`);
  }
  deps.crash("refund-cancelled:stock");
  // A charge authorised after this read is refunded by complete-order (it finds the order CANCELLED).
  await returnPayment(deps, order, "order_cancelled");
  await markProcessed(env, REFUND_CANCELLED, eventId, deps.now());
};
