// Checkout fixtures: shoppers with an address, a saved card (tokenised by the sandbox gateway)
// and a cart; and a hand-cranked queue so saga tests choose delivery order, duplicates and
// crashes. Rows are inserted straight into D1 where the API under test is not the point.
import { env } from "cloudflare:workers";
import type { SagaDeps } from "../../workers/orders/saga/context";
import { handleOrderEvent } from "../../queues/order-events";
import { paymentGateway } from "../../workers/payments/gateway-factory";
import { claimKey, type HeldKey } from "../../workers/orders/idempotency.repo";
import { placeOrder, type PlaceOrderInput, type PlacedOrder } from "../../workers/orders/place-order";
import type { Principal } from "../../workers/identity/identity";
import { newAddressId, newPaymentMethodId } from "../../workers/shared/ids";
import type { Envelope } from "../../workers/shared/events";
import { type Account, authed, register } from "./client";

export const CARDS = {
  ok: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  timeout: "4000000000000259",
} as const;

export interface Shopper extends Account {
  addressId: string;
  paymentMethodId: string;
}

/** A saved card for `userId`: tokenised by the sandbox, then stored as the API would. */
export const saveCard = async (userId: string, number: string = CARDS.ok, exp = { month: 12, year: new Date().getUTCFullYear() + 3 }) => {
  const t = await paymentGateway(env).tokenize({ number, expMonth: exp.month, expYear: exp.year, cvc: "123" }, Date.now());
  if (!t.ok) throw new Error(`tokenize failed: ${t.error.code}`);
  const id = newPaymentMethodId();
  await env.DB.prepare(
    `INSERT INTO payment_methods (id, customer_id, brand, last4, exp_month, exp_year, token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(id, userId, t.value.brand, t.value.last4, exp.month, exp.year, t.value.token, Date.now())
    .run();
  return id;
};

export const saveAddress = async (userId: string) => {
  const id = newAddressId();
  await env.DB.prepare(
    `INSERT INTO addresses (id, customer_id, name, line1, city, postal_code, country, created_at) VALUES (?, ?, 'Ada Shopper', '1 High St', 'London', 'N1 9GU', 'GB', ?)`,
  )
    .bind(id, userId, Date.now())
    .run();
  return id;
};

export const newShopper = async (card: string = CARDS.ok): Promise<Shopper> => {
  const a = await register("customer", "Ada Shopper");
  const [addressId, paymentMethodId] = await Promise.all([saveAddress(a.userId), saveCard(a.userId, card)]);
  return { ...a, addressId, paymentMethodId };
};

/** Adds lines through the cart API; answers the cart id checkout needs. */
export const fillCart = async (a: Account, lines: { productId: string; qty: number }[]): Promise<string> => {
  let cartId = "";
  for (const l of lines) {
    const res = await authed(a).api.v1.cart.items.$post({ json: { product_id: l.productId, qty: l.qty } });
    if (res.status !== 200) throw new Error(`add to cart failed: ${res.status} ${await res.text()}`);
    cartId = (await res.json()).cart_id ?? "";
  }
  return cartId;
};

/** A fresh Idempotency-Key claimed for `userId`, as the route claims one before placing. */
export const claimFresh = async (userId: string, now: number, key: string = crypto.randomUUID()): Promise<HeldKey> => {
  const claim = await claimKey(env, userId, key, `test-${key}`, now);
  if (claim.kind !== "claimed") throw new Error(`key ${key} not claimed`);
  return claim.held;
};

/** placeOrder under a fresh key, skipping the HTTP layer (saga tests drive their own queues). */
export const placeDirect = async (e: Cloudflare.Env, who: Principal, input: PlaceOrderInput, now: number): Promise<PlacedOrder> => {
  const placed = await placeOrder(e, who, input, await claimFresh(who.userId, now), now);
  if (!placed) throw new Error("placeOrder lost its own fresh claim");
  return placed;
};

export const orderRow = (id: string) =>
  env.DB.prepare(`SELECT status, status_reason, charge_id, total_minor FROM orders WHERE id = ?`)
    .bind(id)
    .first<{ status: string; status_reason: string | null; charge_id: string | null; total_minor: number }>();

export const chargesFor = async (orderId: string) =>
  (
    await env.DB.prepare(`SELECT id, status, captured_minor, refunded_minor FROM gateway_charges WHERE order_id = ?`)
      .bind(orderId)
      .all<{ id: string; status: string; captured_minor: number; refunded_minor: number }>()
  ).results;

export const timeline = async (orderId: string) =>
  (
    await env.DB.prepare(`SELECT kind, status, reason FROM order_events WHERE order_id = ? ORDER BY at, rowid`)
      .bind(orderId)
      .all<{ kind: string; status: string; reason: string | null }>()
  ).results;

/** Polls D1 until the order reaches one of `statuses` (the real queues deliver in the background). */
export const waitForStatus = async (orderId: string, statuses: string[], timeoutMs = 15_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await orderRow(orderId);
    if (row && statuses.includes(row.status)) return row;
    if (Date.now() > until) throw new Error(`order ${orderId} stuck in ${row?.status}, wanted ${statuses.join("|")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

interface Sent {
  body: Envelope;
  delaySeconds: number;
}

/** A queue producer that keeps what it is sent (and can be made to fail). */
export const fakeQueue = () => {
  const sent: Sent[] = [];
  let failing = false;
  const take = (body: unknown, o?: QueueSendOptions) => sent.push({ body: body as Envelope, delaySeconds: o?.delaySeconds ?? 0 });
  const queue = {
    send: async (body: unknown, o?: QueueSendOptions) => {
      if (failing) throw new Error("queue down");
      take(body, o);
    },
    sendBatch: async (msgs: Iterable<MessageSendRequest>) => {
      if (failing) throw new Error("queue down");
      for (const m of msgs) take(m.body, m);
    },
  } as unknown as Queue;
  return {
    queue,
    sent,
    fail: (on: boolean) => {
      failing = on;
    },
  };
};

/**
 * A hand-cranked saga: the env's producers are fake queues, and `pump` delivers what they hold to
 * the real consumer. Delayed messages (the payment deadline) wait until `releaseDelayed`.
 */
export const sagaHarness = (overrides: Partial<SagaDeps> = {}) => {
  const events = fakeQueue();
  const notifications = fakeQueue();
  const dlq = fakeQueue();
  const sagaEnv = { ...env, ORDER_EVENTS: events.queue, NOTIFICATIONS: notifications.queue, ORDER_EVENTS_DLQ: dlq.queue } as Cloudflare.Env;
  let clock = Date.now();
  const deps: SagaDeps = { env: sagaEnv, gateway: paymentGateway(sagaEnv), now: () => clock, crash: () => {}, ...overrides };
  const delayed: Sent[] = [];
  const outcomes: { type: string; outcome: "ack" | "retry" }[] = [];
  const deliver = async (m: Sent, attempts = 1) => {
    const result: { outcome: "ack" | "retry" } = { outcome: "ack" };
    const msg = {
      id: crypto.randomUUID(),
      timestamp: new Date(),
      body: m.body,
      attempts,
      ack: () => {
        result.outcome = "ack";
      },
      retry: () => {
        result.outcome = "retry";
      },
    } as unknown as Message<unknown>;
    await handleOrderEvent(msg, deps);
    outcomes.push({ type: m.body.type, outcome: result.outcome });
    return result.outcome;
  };
  /** Delivers pending messages (order chosen by `pick`) until none are left or `maxSteps` is hit; retries go back in. */
  const pump = async (opts: { maxSteps?: number; pick?: (n: number) => number; duplicate?: boolean } = {}) => {
    for (let step = 0; step < (opts.maxSteps ?? 200); step++) {
      const ready = events.sent.filter((m) => m.delaySeconds === 0);
      delayed.push(...events.sent.filter((m) => m.delaySeconds > 0));
      events.sent.length = 0;
      events.sent.push(...ready);
      if (events.sent.length === 0) return;
      const [m] = events.sent.splice(opts.pick ? opts.pick(events.sent.length) : 0, 1) as [Sent];
      if ((await deliver(m)) === "retry") events.sent.push(m);
      if (opts.duplicate) await deliver(m, 2);
    }
  };
  return {
    env: sagaEnv,
    deps,
    events,
    notifications,
    dlq,
    delayed,
    outcomes,
    deliver,
    pump,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
    releaseDelayed: () => {
      events.sent.push(...delayed.map((m) => ({ ...m, delaySeconds: 0 })));
      delayed.length = 0;
    },
  };
};
