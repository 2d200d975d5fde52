// Saga step on OrderCreated: hold every line's stock in its InventoryDO (all or none). Success:
// RESERVED + InventoryReserved. A real shortage: CANCELLED with per-line reasons + InventoryFailed
// + an out-of-stock email. An unreachable InventoryDO: retry. Compensation: a hold taken for an
// order that meanwhile failed or was cancelled is released at once.
import { releaseAll, reserveAll } from "../../inventory/reserve-all";
import { orderEvent, type OrderEventData } from "../../shared/events";
import { holdTtlMs } from "../orders";
import { loadOrder } from "../orders.repo";
import { transitionOrder } from "../transitions.repo";
import { markProcessed, PermanentError, TransientError, type SagaDeps } from "./context";

export const RESERVE_STOCK = "reserve-stock";

export const reserveStock = async (deps: SagaDeps, eventId: string, data: OrderEventData["OrderCreated"]): Promise<void> => {
  const { env } = deps;
  const order = await loadOrder(env, data.orderId);
  if (!order) throw new PermanentError(`OrderCreated for unknown order ${data.orderId}`);
  const skus = order.lines.map((l) => l.productId);
  const now = deps.now();
  if (order.status === "FAILED" || order.status === "CANCELLED") {
    // A previous delivery may have reserved before the order ended: give it back (idempotent).
    await releaseAll(env, order.id, skus);
  }
  if (order.status !== "PENDING" || order.paymentDeadline === null || now >= order.paymentDeadline) {
    // Nothing to do: moved on already, or too late (the deadline step fails it).
    return void (await markProcessed(env, RESERVE_STOCK, eventId, now));
  }
  const held = await reserveAll(
    env,
    order.id,
    order.lines.map((l) => ({ productId: l.productId, qty: l.quantity })),
    holdTtlMs(now, order.paymentDeadline),
  );
  deps.crash("reserve-stock:reserved");
  if (held.ok) {
    const expiresAt = Math.min(...held.reservations.map((r) => r.expiresAt));
    const t = await transitionOrder(env, {
      orderId: order.id,
      to: "RESERVED",
      reason: "inventory_reserved",
      at: now,
      events: [orderEvent("InventoryReserved", { orderId: order.id, expiresAt }, now)],
    });
    if (!t.changed && t.status !== "RESERVED" && !(t.status && ["PAID", "SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED"].includes(t.status))) {
      await releaseAll(env, order.id, skus); // the order failed or was cancelled while we reserved
    }
    return void (await markProcessed(env, RESERVE_STOCK, eventId, deps.now()));
  }
  // reserveAll already released whatever it took. An unknown outcome (a DO unreachable) is worth a retry.
  if (held.failures.some((f) => f.code === "internal_error")) throw new TransientError(`stock service unavailable for ${order.id}`);
  const failures = held.failures.map((f) => ({
    productId: f.productId,
    code: f.code,
    message: f.message,
    ...(f.available === undefined ? {} : { available: f.available }),
  }));
  await transitionOrder(env, {
    orderId: order.id,
    to: "CANCELLED",
    reason: failures.some((f) => f.code === "insufficient_stock") ? "insufficient_stock" : (failures[0]?.code ?? "inventory_failed"),
    at: now,
    data: { failures },
    notify: "out_of_stock",
    events: [orderEvent("InventoryFailed", { orderId: order.id, failures }, now)],
  });
  await markProcessed(env, RESERVE_STOCK, eventId, deps.now());
};
