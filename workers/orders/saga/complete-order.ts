// Saga step on PaymentCompleted: the order becomes PAID, its holds are committed (sold) and the
// bought units leave the cart. If the order already failed or was cancelled (the payment came
// late), the compensation refunds the charge instead. A commit that finds its hold gone (expired
// long after the deadline) cancels the order with a refund: never a paid order without stock.
import { customerCart } from "../../cart/cart-id";
import { commitAll, releaseAll } from "../../inventory/reserve-all";
import { orderEvent, type OrderEventData } from "../../shared/events";
import { loadOrder } from "../orders.repo";
import { transitionOrder } from "../transitions.repo";
import { markProcessed, PermanentError, TransientError, type SagaDeps } from "./context";
import { returnPayment } from "./return-payment";

export const COMPLETE_ORDER = "complete-order";
const FULFILLED = ["PAID", "SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED"];

export const completeOrder = async (deps: SagaDeps, eventId: string, data: OrderEventData["PaymentCompleted"]): Promise<void> => {
  const { env } = deps;
  const order = await loadOrder(env, data.orderId);
  if (!order) throw new PermanentError(`PaymentCompleted for unknown order ${data.orderId}`);
  const skus = order.lines.map((l) => l.productId);
  const t = await transitionOrder(env, {
    orderId: order.id,
    to: "PAID",
    reason: "payment_captured",
    at: deps.now(),
    set: { chargeId: data.chargeId },
    notify: "order_confirmed",
  });
  const status = t.changed ? "PAID" : t.status;
  if (!status || !FULFILLED.includes(status)) {
    // Too late: the order ended without this payment. Give the money and any hold back.
    await releaseAll(env, order.id, skus);
    await returnPayment(deps, { id: order.id, chargeId: data.chargeId }, "late_payment");
    return void (await markProcessed(env, COMPLETE_ORDER, eventId, deps.now()));
  }
  const committed = await commitAll(env, order.id, skus);
  if (!committed.ok) {
    if (committed.failures.some((f) => f.code === "internal_error"))
      throw new TransientError(`commit ${order.id}: stock service unavailable`);
    // The hold is gone: cancel with a refund. Units already committed go back via the cancel step.
    console.error(`order ${order.id}: paid but holds lost`, committed.failures);
    await transitionOrder(env, {
      orderId: order.id,
      to: "CANCELLED",
      from: ["PAID"],
      reason: "reservation_lost",
      at: deps.now(),
      data: { failures: committed.failures },
      notify: "order_cancelled",
      events: [orderEvent("OrderCancelled", { orderId: order.id, by: "system", refund: true }, deps.now())],
    });
    return void (await markProcessed(env, COMPLETE_ORDER, eventId, deps.now()));
  }
  deps.crash("complete-order:committed");
  if (order.customerId) {
    const purchased = order.lines.map((l) => ({ productId: l.productId, qty: l.quantity }));
    try {
      await customerCart(env, order.customerId).removePurchased(order.id, purchased);
    } catch (e) {
      console.error(`order ${order.id}: cart not updated`, e); // a cart is a convenience, the order stands
    }
  }
  await markProcessed(env, COMPLETE_ORDER, eventId, deps.now());
};
