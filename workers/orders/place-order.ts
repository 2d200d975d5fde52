// Checkout's synchronous half: the caller's cart (read from its CartDO), priced from the catalog,
// becomes a PENDING order. The order, its lines, its first timeline row, the OrderCreated event
// and the delayed payment-deadline check (outbox), and the Idempotency-Key's stored response
// are ONE D1 batch: either all exist or none, and all only while this request still holds the
// key's claim (a stalled request whose claim a retry took over creates nothing). The saga
// (queues) does the rest.
import { findAddress } from "../addresses/addresses.repo";
import { priceCart } from "../cart/cart";
import { customerCart } from "../cart/cart-id";
import { loadCartInputs } from "../cart/cart.repo";
import type { Principal } from "../identity/identity";
import { reservationTtlMs } from "../inventory/inventory";
import { isExpired } from "../payments/cards";
import { findPaymentMethod } from "../payments/payment-methods.repo";
import { DomainError } from "../shared/errors";
import { orderEvent } from "../shared/events";
import { newOrderId } from "../shared/ids";
import { isoTime } from "../shared/openapi";
import { outboxInsert, sendWritten, type OutboxEntry } from "../shared/outbox.repo";
import { publishOrderUpdate } from "../tracking/publish";
import { completeKeyStatement, stillHeld, type HeldKey } from "./idempotency.repo";
import { assertExpectedTotal, draftOrder, estimatedDelivery, sagaDeadlines } from "./orders";
import { timelineId } from "./transitions.repo";

export interface PlaceOrderInput {
  cartId: string;
  shippingAddressId: string;
  paymentMethodId: string;
  /** The total the client showed; a different one today is 409 price_changed. */
  expectedTotal?: number;
}

export interface PlacedOrder {
  order_id: string;
  status: "PENDING";
  estimated_delivery: string;
  currency: string;
  subtotal: number;
  shipping: number;
  total: number;
  item_count: number;
  created_at: string;
}

/**
 * The placed order, or null when this request no longer held the key's claim (nothing was
 * written: the request that took the claim over answers for the key). `defer` runs work that
 * need not delay the response (the request's waitUntil in the route).
 */
export const placeOrder = async (
  env: Cloudflare.Env,
  who: Principal,
  input: PlaceOrderInput,
  held: HeldKey,
  now: number,
  defer: (work: Promise<unknown>) => void = () => {},
): Promise<PlacedOrder | null> => {
  const cart = customerCart(env, who.userId);
  if (input.cartId !== cart.id.toString())
    throw new DomainError("not_found", "cart_not_found", "No such cart: send the cart_id from GET /api/v1/cart.");
  const [lines, address, method] = await Promise.all([
    cart.lines(),
    findAddress(env, who.userId, input.shippingAddressId),
    findPaymentMethod(env, who.userId, input.paymentMethodId),
  ]);
  if (!address) throw new DomainError("not_found", "address_not_found", `No address ${input.shippingAddressId}.`);
  if (!method) throw new DomainError("not_found", "payment_method_not_found", `No payment method ${input.paymentMethodId}.`);
  if (isExpired(method.expMonth, method.expYear, now))
    throw new DomainError("not_allowed", "payment_method_expired", "That card has expired: add another payment method.");
  const { catalog, stock } = await loadCartInputs(
    env,
    lines.map((l) => l.productId),
  );
  const draft = draftOrder(priceCart(lines, catalog, stock), who.isPrime);
  assertExpectedTotal(draft, input.expectedTotal);

  const orderId = newOrderId();
  const { paymentDeadline } = sagaDeadlines(now, reservationTtlMs(env.RESERVATION_TTL_SECONDS) / 1000);
  const eta = estimatedDelivery(now, who.isPrime);
  const response: PlacedOrder = {
    order_id: orderId,
    status: "PENDING",
    estimated_delivery: isoTime(eta).slice(0, 10),
    currency: draft.currency,
    subtotal: draft.subtotal,
    shipping: draft.shipping,
    total: draft.total,
    item_count: draft.itemCount,
    created_at: isoTime(now),
  };
  // The deadline check fires a few seconds after the deadline, so it never arrives early.
  const events: OutboxEntry[] = [
    { queue: "order-events", event: orderEvent("OrderCreated", { orderId }, now) },
    {
      queue: "order-events",
      event: orderEvent("PaymentDeadlineReached", { orderId }, now),
      delaySeconds: Math.ceil((paymentDeadline - now) / 1000) + 5,
    },
  ];
  const db = env.DB;
  const guard = stillHeld(held);
  const [completed] = await db.batch([
    // First: it writes only while the claim is ours, and so tells whether the rest wrote anything.
    completeKeyStatement(db, held, 201, response),
    db
      .prepare(
        `INSERT INTO orders (id, customer_id, status, currency, total_minor, item_count, subtotal_minor, shipping_minor, shipping_address,
         shipping_address_id, payment_method_id, payment_deadline, estimated_delivery, created_at, updated_at)
       SELECT ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
      )
      .bind(
        orderId,
        who.userId,
        draft.currency,
        draft.total,
        draft.itemCount,
        draft.subtotal,
        draft.shipping,
        JSON.stringify(address),
        address.id,
        method.id,
        paymentDeadline,
        eta,
        now,
        now,
        ...guard.params,
      ),
    // One bound parameter for all lines (D1 allows 100 per statement; a cart has up to 100 lines).
    db
      .prepare(
        `INSERT INTO order_lines (order_id, line_no, product_id, title, quantity, unit_price_minor)
       SELECT ?, json_extract(value, '$.lineNo'), json_extract(value, '$.productId'), json_extract(value, '$.title'),
              json_extract(value, '$.qty'), json_extract(value, '$.unitPrice') FROM json_each(?) WHERE ${guard.sql}`,
      )
      .bind(orderId, JSON.stringify(draft.lines), ...guard.params),
    db
      .prepare(
        `INSERT INTO order_events (id, order_id, kind, status, reason, data, at) SELECT ?, ?, 'status', 'PENDING', 'order_placed', NULL, ? WHERE ${guard.sql}`,
      )
      .bind(timelineId(orderId, "PENDING"), orderId, now, ...guard.params),
    ...events.map((e) => outboxInsert(db, e, orderId, now, guard)),
  ]);
  if ((completed?.meta.changes ?? 0) === 0) return null;
  // Sent now so the saga starts at once; if this fails the cron sends them (they are in D1).
  await sendWritten(env, events, now);
  defer(publishOrderUpdate(env, who.userId, { orderId, status: "PENDING", reason: "order_placed", at: now }));
  return response;
};
