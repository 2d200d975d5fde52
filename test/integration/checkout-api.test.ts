// POST /api/v1/orders through the Worker: validation, ownership, Idempotency-Key semantics
// (replay, mismatch, in flight, 20 concurrent requests), and the whole saga on the real
// Miniflare queues until the order is PAID; cancel with refund.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Account, raw, register } from "../helpers/client";
import { CARDS, chargesFor, fillCart, newShopper, saveCard, waitForStatus, type Shopper } from "../helpers/checkout";
import { seedProduct, stockStub } from "../helpers/stock";

let seq = 0;
const sku = () => `chk-${Date.now().toString(36)}-${seq++}`;

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

const post = (who: Account | null, body: unknown, key: string | null = crypto.randomUUID()) =>
  raw("POST", "/api/v1/orders", {
    body: JSON.stringify(body),
    headers: { ...(who ? { Authorization: `Bearer ${who.token}` } : {}), ...(key ? { "Idempotency-Key": key } : {}) },
  });

const ready = async (lines = 1, card: string = CARDS.ok) => {
  const shopper = await newShopper(card);
  const ids = Array.from({ length: lines }, sku);
  await Promise.all(ids.map((id) => seedProduct(id, 20)));
  const cartId = await fillCart(
    shopper,
    ids.map((productId) => ({ productId, qty: 2 })),
  );
  return { shopper, ids, body: { cart_id: cartId, shipping_address_id: shopper.addressId, payment_method_id: shopper.paymentMethodId } };
};

describe("POST /api/v1/orders", () => {
  it("answers 201 PENDING with catalog totals, and the saga takes the order to PAID on the real queues", async () => {
    const { shopper, ids, body } = await ready(2);
    const res = await post(shopper, body);
    expect(res.status).toBe(201);
    const order = (await res.json()) as {
      order_id: string;
      status: string;
      subtotal: number;
      shipping: number;
      total: number;
      estimated_delivery: string;
    };
    expect(order.order_id).toMatch(/^112-\d{7}-\d{7}$/);
    expect(order.status).toBe("PENDING");
    expect(order.subtotal).toBe(2 * 2 * 1000); // two lines of 2 × the seeded price
    expect(order.total).toBe(order.subtotal + order.shipping);
    expect(order.estimated_delivery).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await waitForStatus(order.order_id, ["PAID"]);
    for (const id of ids) expect((await stockStub(id).snapshot(id)).sold).toBe(2);
    expect((await chargesFor(order.order_id)).map((c) => c.status)).toEqual(["captured"]);
  });

  it("requires a UUID Idempotency-Key, a customer, and a valid body", async () => {
    const { shopper, body } = await ready();
    expect((await post(shopper, body, null)).status).toBe(400);
    expect((await post(shopper, body, "not-a-uuid")).status).toBe(400);
    expect((await post(null, body)).status).toBe(401);
    expect((await post(await register("seller", "Shop"), body)).status).toBe(403);
    expect((await post(shopper, { ...body, total: 1 })).status).toBe(400); // a client never sends prices
    expect((await post(shopper, { ...body, cart_id: "x" })).status).toBe(400);
  });

  it("refuses another customer's cart, address or card as not found, and an empty cart as 422", async () => {
    const { shopper, body } = await ready();
    const other = await ready();
    for (const [field, value, code] of [
      ["cart_id", other.body.cart_id, "cart_not_found"],
      ["shipping_address_id", other.body.shipping_address_id, "address_not_found"],
      ["payment_method_id", other.body.payment_method_id, "payment_method_not_found"],
    ] as const) {
      const res = await post(shopper, { ...body, [field]: value });
      expect(res.status).toBe(404);
      expect(await codeOf(res)).toBe(code);
    }
    const empty: Shopper = await newShopper();
    const emptyCart = await env.CART.getByName(`customer:${empty.userId}`).id.toString();
    const res = await post(empty, { cart_id: emptyCart, shipping_address_id: empty.addressId, payment_method_id: empty.paymentMethodId });
    expect(res.status).toBe(422);
    expect(await codeOf(res)).toBe("cart_empty");
  });

  it("refuses an expired card with 422", async () => {
    const { shopper, body } = await ready();
    const expired = await saveCard(shopper.userId, CARDS.ok, { month: 12, year: new Date().getUTCFullYear() + 1 });
    await env.DB.prepare(`UPDATE payment_methods SET exp_year = 2020 WHERE id = ?`).bind(expired).run();
    const res = await post(shopper, { ...body, payment_method_id: expired });
    expect(res.status).toBe(422);
    expect(await codeOf(res)).toBe("payment_method_expired");
  });

  it("replays the stored response for the same key and body, and refuses the key with another body (422)", async () => {
    const { shopper, body } = await ready();
    const key = crypto.randomUUID();
    const first = await post(shopper, body, key);
    expect(first.status).toBe(201);
    const again = await post(
      shopper,
      { payment_method_id: body.payment_method_id, cart_id: body.cart_id, shipping_address_id: body.shipping_address_id },
      key,
    );
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const card2 = await saveCard(shopper.userId);
    const other = await post(shopper, { ...body, payment_method_id: card2 }, key);
    expect(other.status).toBe(422);
    expect(await codeOf(other)).toBe("idempotency_mismatch");
  });

  it("scopes keys to the customer: another customer's same key is a new order", async () => {
    const a = await ready();
    const b = await ready();
    const key = crypto.randomUUID();
    const ra = await post(a.shopper, a.body, key);
    const rb = await post(b.shopper, b.body, key);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(((await ra.json()) as { order_id: string }).order_id).not.toBe(((await rb.json()) as { order_id: string }).order_id);
  });

  it("turns 20 concurrent requests with one key into one order and one charge", async () => {
    const { shopper, ids, body } = await ready();
    const key = crypto.randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(shopper, body, key)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = await Promise.all(
      responses.filter((r) => r.status === 201).map(async (r) => ((await r.json()) as { order_id: string }).order_id),
    );
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created).size).toBe(1);
    const conflict = responses.find((r) => r.status === 409);
    if (conflict) expect(await codeOf(conflict)).toBe("idempotency_in_flight");
    const orderId = created[0]!;
    const n = await env.DB.prepare(`SELECT COUNT(*) AS n FROM orders WHERE customer_id = ?`).bind(shopper.userId).first<{ n: number }>();
    expect(n?.n).toBe(1);
    await waitForStatus(orderId, ["PAID"]);
    expect(await chargesFor(orderId)).toHaveLength(1);
    expect((await stockStub(ids[0]!).snapshot(ids[0]!)).sold).toBe(2);
  });

  it("lets a customer cancel a paid order: refunded, units back in stock; another customer gets 404", async () => {
    const { shopper, ids, body } = await ready();
    const res = await post(shopper, body);
    const { order_id } = (await res.json()) as { order_id: string };
    await waitForStatus(order_id, ["PAID"]);
    const stranger = await register();
    expect(
      (await raw("POST", `/api/v1/orders/${order_id}/cancel`, { headers: { Authorization: `Bearer ${stranger.token}` } })).status,
    ).toBe(404);
    const cancel = await raw("POST", `/api/v1/orders/${order_id}/cancel`, { headers: { Authorization: `Bearer ${shopper.token}` } });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toEqual({ order_id, status: "CANCELLED" });
    const until = Date.now() + 10_000;
    let charge = (await chargesFor(order_id))[0];
    while (charge?.status !== "refunded" && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      charge = (await chargesFor(order_id))[0];
    }
    expect(charge).toMatchObject({ status: "refunded" });
    const s = await stockStub(ids[0]!).snapshot(ids[0]!);
    expect(s.available).toBe(20);
    expect(s.onHand + s.sold).toBe(20 + s.restocked);
    const again = await raw("POST", `/api/v1/orders/${order_id}/cancel`, { headers: { Authorization: `Bearer ${shopper.token}` } });
    expect(again.status).toBe(200);
  });
});
