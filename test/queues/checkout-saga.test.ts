// The checkout saga, step by step through its real consumer with a hand-cranked queue: every
// path (paid, out of stock, partial stock, declined, timed out, cancelled), redelivery,
// out-of-order delivery, crashes between steps, late payments and outbox recovery. Invariants
// are read back from D1, the InventoryDOs and the sandbox gateway.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runSweeps } from "../../workers/scheduled";
import { createSandboxGateway } from "../../workers/payments/sandbox-gateway";
import { InjectedCrash } from "../../workers/orders/saga/context";
import { handleOrderEvent } from "../../queues/order-events";
import { releaseAll } from "../../workers/inventory/reserve-all";
import { customerCart } from "../../workers/cart/cart-id";
import { CARDS, chargesFor, fillCart, newShopper, orderRow, placeDirect, sagaHarness, timeline, type Shopper } from "../helpers/checkout";
import { prng, seedProduct, stockStub } from "../helpers/stock";

let seq = 0;
const sku = () => `saga-${Date.now().toString(36)}-${seq++}`;

const stockOf = async (id: string) => {
  const s = await stockStub(id).snapshot(id);
  return { available: s.available, reserved: s.reserved, sold: s.sold, onHand: s.onHand };
};

const checkout = async (h: ReturnType<typeof sagaHarness>, shopper: Shopper, lines: { productId: string; qty: number }[]) => {
  const cartId = await fillCart(shopper, lines);
  const who = { userId: shopper.userId, role: "customer" as const, isPrime: false };
  return placeDirect(h.env, who, { cartId, shippingAddressId: shopper.addressId, paymentMethodId: shopper.paymentMethodId }, h.now());
};

/** A fresh SKU with 5 units and a shopper's order for one of them (placed, nothing delivered yet). */
const oneUnitOrder = async (h: ReturnType<typeof sagaHarness>) => {
  const a = sku();
  await seedProduct(a, 5);
  const shopper = await newShopper();
  const order = await checkout(h, shopper, [{ productId: a, qty: 1 }]);
  return { a, shopper, order };
};

/** What an in-flight payment step did just after the expiry read the order: authorise and record the charge. */
const authoriseLate = async (h: ReturnType<typeof sagaHarness>, shopper: Shopper, order: { order_id: string; total: number }) => {
  const { token } = (await env.DB.prepare(`SELECT token FROM payment_methods WHERE id = ?`)
    .bind(shopper.paymentMethodId)
    .first<{ token: string }>())!;
  const auth = await h.deps.gateway.authorize(
    { idempotencyKey: `order:${order.order_id}:authorize`, token, amountMinor: order.total, currency: "GBP", orderId: order.order_id },
    h.now(),
  );
  expect(auth.ok).toBe(true);
  await env.DB.prepare(`UPDATE orders SET charge_id = ? WHERE id = ?`)
    .bind(auth.ok ? auth.value.id : "", order.order_id)
    .run();
};

/** An order for a SKU that sells out between cart and checkout, pumped until the saga stops. */
const outOfStockOrder = async () => {
  const h = sagaHarness();
  const a = sku();
  await seedProduct(a, 1);
  const order = await checkout(h, await newShopper(), [{ productId: a, qty: 1 }]);
  await stockStub(a).adjust(a, 0, `shrink-${a}`); // sold elsewhere between cart and checkout
  await h.pump();
  return { h, a, order };
};

describe("checkout saga", () => {
  it("takes a paid order through PENDING → RESERVED → PAID: stock sold once, one captured charge, cart emptied", async () => {
    const h = sagaHarness();
    const [a, b] = [sku(), sku()];
    await Promise.all([seedProduct(a, 10), seedProduct(b, 5)]);
    const shopper = await newShopper();
    const order = await checkout(h, shopper, [
      { productId: a, qty: 2 },
      { productId: b, qty: 1 },
    ]);
    expect(order.status).toBe("PENDING");
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
    expect(await stockOf(a)).toEqual({ available: 8, reserved: 0, sold: 2, onHand: 8 });
    expect(await stockOf(b)).toEqual({ available: 4, reserved: 0, sold: 1, onHand: 4 });
    const charges = await chargesFor(order.order_id);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ status: "captured", captured_minor: order.total });
    expect((await timeline(order.order_id)).map((e) => e.status)).toEqual(["PENDING", "RESERVED", "PAID"]);
    expect(await customerCart(env, shopper.userId).lines()).toEqual([]);
    expect(h.notifications.sent.map((m) => m.body.data.kind)).toEqual(["order_confirmed"]);
  });

  it("cancels an order it cannot stock, with a reason per line, and charges nothing", async () => {
    const { h, a, order } = await outOfStockOrder();
    const row = await orderRow(order.order_id);
    expect(row).toMatchObject({ status: "CANCELLED", status_reason: "insufficient_stock", charge_id: null });
    const failed = await env.DB.prepare(`SELECT data FROM order_events WHERE order_id = ? AND status = 'CANCELLED'`)
      .bind(order.order_id)
      .first<{ data: string }>();
    expect(JSON.parse(failed!.data).failures).toEqual([
      expect.objectContaining({ productId: a, code: "insufficient_stock", available: 0 }),
    ]);
    expect(await chargesFor(order.order_id)).toEqual([]);
    expect(h.notifications.sent.map((m) => m.body.data.kind)).toEqual(["out_of_stock"]);
  });

  it("takes nothing when only some lines are in stock (partial stock across lines)", async () => {
    const h = sagaHarness();
    const [plenty, short] = [sku(), sku()];
    await Promise.all([seedProduct(plenty, 10), seedProduct(short, 3)]);
    const shopper = await newShopper();
    const order = await checkout(h, shopper, [
      { productId: plenty, qty: 4 },
      { productId: short, qty: 3 },
    ]);
    await stockStub(short).adjust(short, 2, `shrink-${short}`);
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("CANCELLED");
    expect(await stockOf(plenty)).toEqual({ available: 10, reserved: 0, sold: 0, onHand: 10 });
    expect(await stockOf(short)).toEqual({ available: 2, reserved: 0, sold: 0, onHand: 2 });
  });

  it.each([
    ["declined", CARDS.declined, "card_declined"],
    ["insufficient funds", CARDS.insufficientFunds, "insufficient_funds"],
  ])("fails a %s payment and releases the holds (the compensation)", async (_name, card, reason) => {
    const h = sagaHarness();
    const a = sku();
    await seedProduct(a, 5);
    const shopper = await newShopper(card);
    const order = await checkout(h, shopper, [{ productId: a, qty: 2 }]);
    await h.pump();
    expect(await orderRow(order.order_id)).toMatchObject({ status: "FAILED", status_reason: reason });
    expect(await stockOf(a)).toEqual({ available: 5, reserved: 0, sold: 0, onHand: 5 });
    expect((await chargesFor(order.order_id)).filter((c) => c.status === "captured")).toEqual([]);
    expect((await timeline(order.order_id)).map((e) => e.status)).toEqual(["PENDING", "RESERVED", "FAILED"]);
    expect(h.notifications.sent.map((m) => m.body.data.kind)).toEqual(["payment_failed"]);
  });

  it("times out a payment that never answers: retried with backoff, then FAILED at the deadline with the stock released", async () => {
    const h = sagaHarness();
    const a = sku();
    await seedProduct(a, 5);
    const shopper = await newShopper(CARDS.timeout);
    const order = await checkout(h, shopper, [{ productId: a, qty: 1 }]);
    await h.pump({ maxSteps: 6 });
    expect(h.outcomes.filter((o) => o.type === "InventoryReserved" && o.outcome === "retry").length).toBeGreaterThan(1);
    expect((await orderRow(order.order_id))?.status).toBe("RESERVED");
    expect(h.delayed.map((m) => m.body.type)).toEqual(["PaymentDeadlineReached"]);
    expect(h.delayed[0]!.delaySeconds).toBeGreaterThanOrEqual(300);
    h.advance(301_000);
    h.releaseDelayed();
    await h.pump();
    expect(await orderRow(order.order_id)).toMatchObject({ status: "FAILED", status_reason: "payment_timeout" });
    expect(await stockOf(a)).toEqual({ available: 5, reserved: 0, sold: 0, onHand: 5 });
    expect(await chargesFor(order.order_id)).toEqual([]);
  });

  it("refunds a payment that lands after the deadline failed the order (late payment vs expiry)", async () => {
    const h = sagaHarness();
    const a = sku();
    await seedProduct(a, 5);
    const shopper = await newShopper();
    const order = await checkout(h, shopper, [{ productId: a, qty: 1 }]);
    await h.pump({ maxSteps: 2 }); // reserved and charged; PaymentCompleted not yet delivered
    expect(h.events.sent.map((m) => m.body.type)).toEqual(["PaymentCompleted"]);
    const late = h.events.sent.splice(0);
    h.advance(301_000);
    h.releaseDelayed();
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("FAILED");
    h.events.sent.push(...late);
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("FAILED");
    const [charge] = await chargesFor(order.order_id);
    expect(charge).toMatchObject({ status: "refunded", refunded_minor: charge!.captured_minor });
    expect(await stockOf(a)).toEqual({ available: 5, reserved: 0, sold: 0, onHand: 5 });
  });

  it("ends in the same state when every message is delivered twice", async () => {
    const h = sagaHarness();
    const a = sku();
    await seedProduct(a, 5);
    const shopper = await newShopper();
    const order = await checkout(h, shopper, [{ productId: a, qty: 3 }]);
    await h.pump({ duplicate: true });
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
    expect(await stockOf(a)).toEqual({ available: 2, reserved: 0, sold: 3, onHand: 2 });
    expect((await chargesFor(order.order_id)).map((c) => c.status)).toEqual(["captured"]);
    expect(h.notifications.sent.filter((m) => m.body.data.kind === "order_confirmed").length).toBeGreaterThanOrEqual(1);
    expect(new Set(h.notifications.sent.map((m) => m.body.id)).size).toBe(1); // one notification id: the consumer sends it once
  });

  it("ignores old events redelivered after the order moved on (out of order)", async () => {
    const h = sagaHarness();
    const a = sku();
    await seedProduct(a, 5);
    const shopper = await newShopper();
    const order = await checkout(h, shopper, [{ productId: a, qty: 1 }]);
    const all: typeof h.events.sent = [];
    const spy = h.events.sent;
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
    // Replay the whole history in reverse: nothing may move.
    const history = await env.DB.prepare(`SELECT payload FROM outbox WHERE order_id = ? AND queue = 'order-events' AND delay_seconds = 0`)
      .bind(order.order_id)
      .all<{ payload: string }>();
    all.push(...history.results.map((r) => ({ body: JSON.parse(r.payload), delaySeconds: 0 })).reverse());
    for (const m of all) await h.deliver(m, 3);
    expect(spy).toEqual([]);
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
    expect(await stockOf(a)).toEqual({ available: 4, reserved: 0, sold: 1, onHand: 4 });
    expect(await chargesFor(order.order_id)).toHaveLength(1);
  });

  it("survives a consumer crash after every effect (the redelivery finishes the step, nothing twice)", async () => {
    const crashed = new Set<string>();
    const h = sagaHarness({
      crash: (step) => {
        if (!crashed.has(step)) {
          crashed.add(step);
          throw new InjectedCrash(step);
        }
      },
    });
    const a = sku();
    await seedProduct(a, 5);
    const shopper = await newShopper();
    const order = await checkout(h, shopper, [{ productId: a, qty: 2 }]);
    await h.pump();
    expect([...crashed].sort()).toEqual([
      "charge-payment:authorised",
      "charge-payment:captured",
      "complete-order:committed",
      "reserve-stock:reserved",
    ]);
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
    expect(await stockOf(a)).toEqual({ available: 3, reserved: 0, sold: 2, onHand: 3 });
    expect((await chargesFor(order.order_id)).map((c) => [c.status, c.captured_minor])).toEqual([["captured", order.total]]);
  });

  it("conserves stock and money over many orders delivered in random order with duplicates", async () => {
    const h = sagaHarness();
    const rnd = prng(42);
    const a = sku();
    await seedProduct(a, 7);
    const shoppers = await Promise.all(Array.from({ length: 10 }, (_, i) => newShopper(i % 4 === 3 ? CARDS.declined : CARDS.ok)));
    const orders = [];
    for (const s of shoppers) orders.push(await checkout(h, s, [{ productId: a, qty: 1 }]));
    await h.pump({ pick: (n) => rnd.int(n), duplicate: true, maxSteps: 500 });
    const statuses = await Promise.all(orders.map(async (o) => (await orderRow(o.order_id))!.status));
    const paid = statuses.filter((s) => s === "PAID").length;
    const stock = await stockOf(a);
    expect(stock.sold).toBe(paid);
    expect(stock.available + stock.reserved + stock.sold).toBe(7);
    expect(stock.reserved).toBe(0);
    expect(statuses.every((s) => ["PAID", "FAILED", "CANCELLED"].includes(s))).toBe(true);
    const captured = (await Promise.all(orders.map((o) => chargesFor(o.order_id)))).flat().filter((c) => c.status === "captured");
    expect(captured.length).toBe(paid);
  }, 20_000); // 10 shoppers and ~100 deliveries: 4-6 s alone, over the 5 s default on a busy machine

  it("sends outbox rows left unsent by a queue outage when the cron runs (no order stranded)", async () => {
    const h = sagaHarness();
    const a = sku();
    await seedProduct(a, 5);
    const shopper = await newShopper();
    h.events.fail(true);
    const order = await checkout(h, shopper, [{ productId: a, qty: 1 }]);
    expect(h.events.sent).toEqual([]);
    const unsent = await env.DB.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE order_id = ? AND sent_at IS NULL`)
      .bind(order.order_id)
      .first<{ n: number }>();
    expect(unsent?.n).toBe(2);
    h.events.fail(false);
    await runSweeps(h.env, h.now() + 31_000);
    expect(h.events.sent.map((m) => m.body.type).sort()).toEqual(["OrderCreated", "PaymentDeadlineReached"]);
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
  });

  it("fails an overdue order from the cron when its delayed check never arrived", async () => {
    const h = sagaHarness();
    const a = sku();
    await seedProduct(a, 5);
    const shopper = await newShopper(CARDS.timeout);
    const order = await checkout(h, shopper, [{ productId: a, qty: 1 }]);
    await h.pump({ maxSteps: 3 });
    await runSweeps(h.env, h.now() + 300_000 + 61_000);
    expect(await orderRow(order.order_id)).toMatchObject({ status: "FAILED", status_reason: "payment_timeout" });
    expect(await stockOf(a)).toEqual({ available: 5, reserved: 0, sold: 0, onHand: 5 });
  });

  it("refunds a capture whose PaymentCompleted was lost when the cron fails the overdue order", async () => {
    // Found by the soak: a restart lost in-flight messages, and expiry left the money captured.
    const h = sagaHarness();
    const { a, order } = await oneUnitOrder(h);
    await h.pump({ maxSteps: 2 }); // reserved and captured
    expect(h.events.sent.map((m) => m.body.type)).toEqual(["PaymentCompleted"]);
    h.events.sent.splice(0); // lost: neither it nor the delayed deadline check ever arrives
    h.delayed.length = 0;
    await runSweeps(h.env, h.now() + 300_000 + 61_000);
    expect(await orderRow(order.order_id)).toMatchObject({ status: "FAILED", status_reason: "payment_timeout" });
    const [charge] = await chargesFor(order.order_id);
    expect(charge).toMatchObject({ status: "refunded", refunded_minor: charge!.captured_minor });
    expect(await stockOf(a)).toEqual({ available: 5, reserved: 0, sold: 0, onHand: 5 });
  });

  it("re-drives a PaymentCompleted whose retry was lost after the order became PAID: the stock is committed, not left on hold", async () => {
    // Found by the soak: the stock service was unreachable when the order became PAID, the retry
    // was lost in a restart, and the hold expired under a paid order (its units went back on sale).
    const h = sagaHarness();
    const { a, order } = await oneUnitOrder(h);
    await h.pump({ maxSteps: 2 }); // reserved and captured
    const [completed] = h.events.sent.splice(0);
    expect(completed?.body.type).toBe("PaymentCompleted");
    const down = {
      idFromName: (n: string) => env.INVENTORY.idFromName(n),
      get: () => {
        throw new Error("stock service down");
      },
    };
    const dying = { ...h.deps, env: { ...h.env, INVENTORY: down } as unknown as Cloudflare.Env };
    const msg = {
      id: "m",
      timestamp: new Date(),
      body: completed!.body,
      attempts: 1,
      ack: () => {},
      retry: () => {},
    } as unknown as Message<unknown>;
    await handleOrderEvent(msg, dying); // asks for a retry, which is lost
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
    expect(await stockOf(a)).toMatchObject({ reserved: 1, sold: 0 });
    // Inside the retries' window the cron leaves it to the queue; after it, the event is sent again.
    await runSweeps(h.env, h.now() + 60_000);
    expect(h.events.sent.filter((m) => m.body.id === completed!.body.id)).toEqual([]);
    await runSweeps(h.env, h.now() + 121_000);
    expect(h.events.sent.filter((m) => m.body.id === completed!.body.id)).toHaveLength(1);
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
    expect(await stockOf(a)).toEqual({ available: 4, reserved: 0, sold: 1, onHand: 4 });
    // Handled now: later sweeps leave it alone.
    await runSweeps(h.env, h.now() + 181_000);
    expect(h.events.sent.filter((m) => m.body.id === completed!.body.id)).toEqual([]);
  });

  it("cancels with a refund when a re-driven PaymentCompleted finds its hold already gone (never paid without stock)", async () => {
    const h = sagaHarness();
    const { a, order } = await oneUnitOrder(h);
    await h.pump({ maxSteps: 2 }); // reserved and captured; PaymentCompleted is then lost
    const [completed] = h.events.sent.splice(0);
    expect(completed?.body.type).toBe("PaymentCompleted");
    await releaseAll(env, order.order_id, [a]); // the hold lapsed before the re-drive came
    await runSweeps(h.env, h.now() + 121_000);
    expect(h.events.sent.map((m) => m.body.id)).toContain(completed!.body.id);
    await h.pump();
    expect(await orderRow(order.order_id)).toMatchObject({ status: "CANCELLED", status_reason: "reservation_lost" });
    const [charge] = await chargesFor(order.order_id);
    expect(charge).toMatchObject({ status: "refunded", refunded_minor: charge!.captured_minor });
    expect(await stockOf(a)).toEqual({ available: 5, reserved: 0, sold: 0, onHand: 5 });
  });

  it("re-drives a lost OrderCreated so the order is paid, not timed out", async () => {
    const h = sagaHarness();
    const { a, order } = await oneUnitOrder(h);
    const lost = h.events.sent.splice(0).filter((m) => m.body.type === "OrderCreated");
    expect(lost).toHaveLength(1);
    await runSweeps(h.env, h.now() + 121_000);
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("PAID");
    expect(await stockOf(a)).toMatchObject({ reserved: 0, sold: 1 });
  });

  it("re-drives nothing for a saga that finished, including the InventoryFailed no step reacts to", async () => {
    const { h, order } = await outOfStockOrder();
    h.releaseDelayed();
    await h.pump();
    expect((await orderRow(order.order_id))?.status).toBe("CANCELLED");
    const types = await env.DB.prepare(`SELECT type FROM outbox WHERE order_id = ? AND queue = 'order-events' ORDER BY type`)
      .bind(order.order_id)
      .all<{ type: string }>();
    expect(types.results.map((r) => r.type)).toEqual(["InventoryFailed", "OrderCreated", "PaymentDeadlineReached"]);
    await runSweeps(h.env, h.now() + 300_000 + 121_000);
    expect(h.events.sent.filter((m) => m.body.data.orderId === order.order_id)).toEqual([]);
  });

  it("does not re-drive a dead-lettered event (an admin owns it) and re-drives a failing step at most three times", async () => {
    const h = sagaHarness();
    const { order } = await oneUnitOrder(h);
    const [created] = h.events.sent.splice(0).filter((m) => m.body.type === "OrderCreated");
    const mine = () => h.events.sent.splice(0).filter((m) => m.body.id === created!.body.id);
    let at = h.now();
    for (let sweep = 1; sweep <= 5; sweep++) {
      at += 121_000;
      await runSweeps(h.env, at);
      expect(mine()).toHaveLength(sweep <= 3 ? 1 : 0); // each re-drive is lost too
    }
    const h2 = sagaHarness();
    const other = await oneUnitOrder(h2);
    const [dead] = h2.events.sent.splice(0).filter((m) => m.body.type === "OrderCreated");
    await env.DB.prepare(
      `INSERT INTO dead_letters (id, source_queue, event_id, event_type, body, received_at) VALUES (?, 'order-events', ?, 'OrderCreated', '{}', ?)`,
    )
      .bind(crypto.randomUUID(), dead!.body.id, h2.now())
      .run();
    await runSweeps(h2.env, h2.now() + 121_000);
    expect(h2.events.sent.filter((m) => m.body.id === dead!.body.id)).toEqual([]);
    expect((await orderRow(other.order.order_id))?.status).toBe("PENDING"); // nothing ran for it
    expect((await orderRow(order.order_id))?.status).toBe("FAILED"); // the deadline sweep ended the first one
  });

  it("voids an authorisation made while the order expired, when the retried payment step finds it FAILED", async () => {
    // Found by the soak: the retry skipped the ended order and left the card's hold in place.
    const h = sagaHarness();
    const { shopper, order } = await oneUnitOrder(h);
    await h.pump({ maxSteps: 1 }); // reserved
    const [inFlight] = h.events.sent.splice(0); // InventoryReserved, being handled when the deadline passes
    expect(inFlight?.body.type).toBe("InventoryReserved");
    await runSweeps(h.env, h.now() + 300_000 + 61_000);
    expect((await orderRow(order.order_id))?.status).toBe("FAILED");
    // That attempt had authorised and recorded the charge just after the expiry read the order, then its capture failed.
    await authoriseLate(h, shopper, order);
    h.events.sent.push(inFlight!); // its retry
    await h.pump();
    expect((await chargesFor(order.order_id)).map((c) => c.status)).toEqual(["voided"]);
    expect((await orderRow(order.order_id))?.status).toBe("FAILED");
  });

  it("returns a hold left on an ended order from the cron's reconciliation when no retry ever comes", async () => {
    const h = sagaHarness();
    const { shopper, order } = await oneUnitOrder(h);
    await h.pump({ maxSteps: 1 }); // reserved
    h.events.sent.splice(0); // the payment step's message is lost with its retry
    const deadline = h.now() + 300_000;
    await runSweeps(h.env, deadline + 61_000);
    expect((await orderRow(order.order_id))?.status).toBe("FAILED");
    // The lost step had authorised and recorded the charge just after the expiry read the order.
    await authoriseLate(h, shopper, order);
    // Within the grace period the saga's own steps are left to do it; after it, the cron does.
    expect((await runSweeps(h.env, deadline + 62_000)).reconciled).toBe(0);
    expect((await chargesFor(order.order_id)).map((c) => c.status)).toEqual(["authorized"]);
    expect((await runSweeps(h.env, deadline + 61_000 + 121_000)).reconciled).toBe(1);
    expect((await chargesFor(order.order_id)).map((c) => c.status)).toEqual(["voided"]);
    expect((await runSweeps(h.env, deadline + 61_000 + 181_000)).reconciled).toBe(0); // looked at once
  });

  it("voids an authorisation whose answer was lost (timeout after the work) when the order expires", async () => {
    // Found by the soak: the order never learned the charge id, so nothing returned the hold.
    const h = sagaHarness({ gateway: createSandboxGateway(env, { timeoutRate: 1 }) });
    const { order } = await oneUnitOrder(h);
    await h.pump({ maxSteps: 2 }); // reserved; then authorise: done by the processor, answered "timeout"
    expect(await orderRow(order.order_id)).toMatchObject({ status: "RESERVED", charge_id: null });
    expect((await chargesFor(order.order_id)).map((c) => c.status)).toEqual(["authorized"]);
    h.events.sent.splice(0); // the retry is lost
    await runSweeps(h.env, h.now() + 300_000 + 61_000);
    expect((await orderRow(order.order_id))?.status).toBe("FAILED");
    expect((await chargesFor(order.order_id)).map((c) => c.status)).toEqual(["voided"]);
  });

  it("fails an order whose amount the gateway refuses (0) and dead-letters the payment event at once: no retries, stock released", async () => {
    const h = sagaHarness();
    const { a, order } = await oneUnitOrder(h);
    // A price that reached the order as 0 (a catalog row changed under it): the gateway refuses it.
    await env.DB.prepare(`UPDATE orders SET total_minor = 0, subtotal_minor = 0 WHERE id = ?`).bind(order.order_id).run();
    await h.pump({ maxSteps: 20 });
    expect(h.outcomes.filter((o) => o.outcome === "retry")).toEqual([]);
    expect(h.dlq.sent.map((m) => m.body.type)).toEqual(["InventoryReserved"]);
    expect(await orderRow(order.order_id)).toMatchObject({ status: "FAILED", status_reason: "invalid_amount" });
    expect(await stockOf(a)).toEqual({ available: 5, reserved: 0, sold: 0, onHand: 5 });
    expect(await chargesFor(order.order_id)).toEqual([]);
  });

  it("dead-letters a malformed event and an event for an order that does not exist, without retrying", async () => {
    const h = sagaHarness();
    expect(await h.deliver({ body: { nope: true } as never, delaySeconds: 0 })).toBe("ack");
    expect(
      await h.deliver({
        body: { id: "x:OrderCreated", type: "OrderCreated", occurredAt: 1, data: { orderId: "112-0000000-0000000" } },
        delaySeconds: 0,
      }),
    ).toBe("ack");
    expect(h.dlq.sent).toHaveLength(2);
  });
});
