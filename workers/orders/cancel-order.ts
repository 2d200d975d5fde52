// Cancel before shipping: the order moves to CANCELLED and emits OrderCancelled, whose saga step
// (saga/refund-cancelled.ts) releases or returns the stock and refunds or voids the payment.
import type { Principal } from "../identity/identity";
import { DomainError } from "../shared/errors";
import { orderEvent } from "../shared/events";
import { CANCELLABLE_STATUSES, type OrderStatus } from "./order-status";
import { loadOrder } from "./orders.repo";
import { transitionOrder } from "./transitions.repo";

const notFound = (orderId: string) => new DomainError("not_found", "order_not_found", `No order ${orderId}.`);

export const cancelOrder = async (
  env: Cloudflare.Env,
  orderId: string,
  who: Principal,
  now: number,
): Promise<{ orderId: string; status: OrderStatus }> => {
  // A status can change between the read and the conditional update: re-read and decide again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const order = await loadOrder(env, orderId);
    if (!order || (who.role !== "admin" && order.customerId !== who.userId)) throw notFound(orderId);
    if (order.status === "CANCELLED") return { orderId, status: order.status };
    if (!(CANCELLABLE_STATUSES as readonly string[]).includes(order.status)) {
      throw new DomainError(
        "not_allowed",
        "illegal_transition",
        `Order ${orderId} is ${order.status}: only orders that have not shipped can be cancelled.`,
      );
    }
    const by = who.role === "admin" ? "admin" : "customer";
    const t = await transitionOrder(env, {
      orderId,
      to: "CANCELLED",
      from: [order.status],
      reason: `cancelled_by_${by}`,
      at: now,
      events: [orderEvent("OrderCancelled", { orderId, by, refund: order.status === "PAID" }, now)],
      notify: "order_cancelled",
    });
    if (t.changed) return { orderId, status: "CANCELLED" };
  }
  throw new DomainError("conflict", "stale_version", `Order ${orderId} is changing right now: try again.`);
};
