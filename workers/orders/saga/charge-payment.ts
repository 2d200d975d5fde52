// Saga step on InventoryReserved: authorise and capture the order total on the saved card, with
// idempotency keys derived from the order (a retried step never charges twice). Emits
// PaymentCompleted or PaymentFailed; a gateway error or timeout (unknown outcome) is retried with
// the same keys; an amount the gateway refuses fails the order and dead-letters the event. Skips orders that are no longer waiting for payment or are past their deadline,
// returning an authorisation an earlier attempt made for an order that has since ended.
import { orderEvent, type OrderEventData } from "../../shared/events";
import { outboxInsert, sendOutbox } from "../../shared/outbox.repo";
import { paymentKeys, type GatewayError } from "../../payments/gateway";
import { loadOrder } from "../orders.repo";
import { processedInsert } from "../transitions.repo";
import { markProcessed, PermanentError, TransientError, type SagaDeps } from "./context";
import { returnPayment } from "./return-payment";

export const CHARGE_PAYMENT = "charge-payment";

const emit = async (deps: SagaDeps, eventId: string, orderId: string, event: ReturnType<typeof orderEvent>) => {
  const { env } = deps;
  const now = deps.now();
  await env.DB.batch([
    outboxInsert(env.DB, { queue: "order-events", event }, orderId, now),
    processedInsert(env.DB, { consumer: CHARGE_PAYMENT, eventId }, now),
  ]);
  await sendOutbox(env, [event.id], now);
};

const failed = (deps: SagaDeps, eventId: string, orderId: string, e: { code: GatewayError["code"] | string; message: string }) =>
  emit(deps, eventId, orderId, orderEvent("PaymentFailed", { orderId, code: e.code, message: e.message }, deps.now()));

export const chargePayment = async (deps: SagaDeps, eventId: string, data: OrderEventData["InventoryReserved"]): Promise<void> => {
  const { env, gateway } = deps;
  const order = await loadOrder(env, data.orderId);
  if (!order) throw new PermanentError(`InventoryReserved for unknown order ${data.orderId}`);
  if (order.status !== "RESERVED" || order.paymentDeadline === null || deps.now() >= order.paymentDeadline) {
    // A retry finding the order ended (it expired while an earlier attempt authorised): give the hold back.
    if (order.status === "FAILED" || order.status === "CANCELLED") await returnPayment(deps, order, "order_ended_during_payment");
    return void (await markProcessed(env, CHARGE_PAYMENT, eventId, deps.now()));
  }
  const method = await env.DB.prepare(`SELECT token FROM payment_methods WHERE id = ?`)
    .bind(order.paymentMethodId)
    .first<{ token: string }>();
  if (!method) return failed(deps, eventId, order.id, { code: "invalid_card", message: "the payment method no longer exists" });
  const keys = paymentKeys(order.id);
  const auth = await gateway.authorize(
    { idempotencyKey: keys.authorize, token: method.token, amountMinor: order.totalMinor, currency: order.currency, orderId: order.id },
    deps.now(),
  );
  if (!auth.ok) {
    if (auth.error.retryable) throw new TransientError(`authorise ${order.id}: ${auth.error.code}`);
    await failed(deps, eventId, order.id, auth.error);
    // An amount the gateway will never take is our bug, not the shopper's: the order ends (FAILED,
    // stock released) and the event goes to the dead-letter queue at once for someone to look at.
    if (auth.error.code === "invalid_amount") throw new PermanentError(`authorise ${order.id}: ${auth.error.message}`);
    return;
  }
  // Recorded before capture so a cancel arriving now can void or refund it.
  await env.DB.prepare(`UPDATE orders SET charge_id = ? WHERE id = ? AND charge_id IS NULL`).bind(auth.value.id, order.id).run();
  deps.crash("charge-payment:authorised");
  const captured = await gateway.capture({ idempotencyKey: keys.capture, chargeId: auth.value.id }, deps.now());
  if (!captured.ok) {
    if (captured.error.retryable) throw new TransientError(`capture ${order.id}: ${captured.error.code}`);
    return failed(deps, eventId, order.id, captured.error);
  }
  deps.crash("charge-payment:captured");
  const c = captured.value;
  await emit(
    deps,
    eventId,
    order.id,
    orderEvent("PaymentCompleted", { orderId: order.id, chargeId: c.id, amountMinor: c.capturedMinor, currency: c.currency }, deps.now()),
  );
};
