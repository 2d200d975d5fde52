// What an order costs, through the Worker: an unpriced product (price 0) can be neither added to a
// cart nor ordered; the total the client showed (expected_total) must still be today's, else
// 409 price_changed with the new figures and the Idempotency-Key free again; and the per-customer
// limit on placing orders.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type Account, authed, raw } from "../helpers/client";
import { fillCart, newShopper } from "../helpers/checkout";
import { seedProduct } from "../helpers/stock";

let seq = 0;
const sku = () => `price-${Date.now().toString(36)}-${seq++}`;

interface ErrorJson {
  error: { code: string; data?: Record<string, unknown> };
}

const post = (who: Account, body: unknown, key: string = crypto.randomUUID()) =>
  raw("POST", "/api/v1/orders", { body: JSON.stringify(body), headers: { Authorization: `Bearer ${who.token}`, "Idempotency-Key": key } });

const setPrice = (id: string, priceMinor: number) =>
  env.DB.prepare(`UPDATE products SET price_minor = ? WHERE id = ?`).bind(priceMinor, id).run();

const orderCount = async (userId: string) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM orders WHERE customer_id = ?`).bind(userId).first<{ n: number }>())?.n;

/** A shopper with 2 units of a fresh product (seeded at 1000 minor units) in the cart. */
const ready = async () => {
  const id = sku();
  await seedProduct(id, 20);
  const shopper = await newShopper();
  const cartId = await fillCart(shopper, [{ productId: id, qty: 2 }]);
  return { id, shopper, body: { cart_id: cartId, shipping_address_id: shopper.addressId, payment_method_id: shopper.paymentMethodId } };
};

describe("unpriced products", () => {
  it("cannot be added to a cart (422 product_unpriced)", async () => {
    const id = sku();
    await seedProduct(id, 20);
    await setPrice(id, 0); // listed from a catalog file without a price
    const shopper = await newShopper();
    const res = await authed(shopper).api.v1.cart.items.$post({ json: { product_id: id, qty: 1 } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as unknown as ErrorJson).error.code).toBe("product_unpriced");
  });

  it("cannot be ordered when the price went to 0 after the add: 422 product_unpriced, no order, the key free again", async () => {
    const { id, shopper, body } = await ready();
    await setPrice(id, 0);
    const cart = await (await authed(shopper).api.v1.cart.$get()).json();
    expect(cart.lines[0]).toMatchObject({ product_id: id, unavailable: true });
    const key = crypto.randomUUID();
    const res = await post(shopper, body, key);
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorJson).error.code).toBe("product_unpriced");
    expect(await orderCount(shopper.userId)).toBe(0);
    await setPrice(id, 1000);
    expect((await post(shopper, body, key)).status).toBe(201);
  });
});

describe("expected_total", () => {
  it("places the order when the total shown is today's, and without one (older clients)", async () => {
    const a = await ready();
    const res = await post(a.shopper, { ...a.body, expected_total: 2 * 1000 + 399 });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { total: number }).total).toBe(2399);
    const b = await ready();
    expect((await post(b.shopper, b.body)).status).toBe(201);
  });

  it("answers 409 price_changed with the new figures when a price rose since review; the same key then places at the new total", async () => {
    const { id, shopper, body } = await ready();
    await setPrice(id, 1200); // the seller raised it after the shopper reviewed 2 × 1000 + 399 delivery
    const key = crypto.randomUUID();
    const res = await post(shopper, { ...body, expected_total: 2399 }, key);
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as ErrorJson;
    expect(error.code).toBe("price_changed");
    expect(error.data).toEqual({
      currency: "GBP",
      expected_total: 2399,
      subtotal: 2400,
      shipping: 399,
      total: 2799,
      lines: [{ product_id: id, title: `Stock test ${id}`, qty: 2, unit_price: 1200, line_total: 2400 }],
    });
    expect(await orderCount(shopper.userId)).toBe(0);
    // Nothing was created, so the key was given back: the shopper confirms the new total with it.
    const confirmed = await post(shopper, { ...body, expected_total: 2799 }, key);
    expect(confirmed.status).toBe(201);
    expect(((await confirmed.json()) as { total: number }).total).toBe(2799);
  });

  it("refuses an expected_total that is not whole minor units (400)", async () => {
    const { shopper, body } = await ready();
    expect((await post(shopper, { ...body, expected_total: 23.99 })).status).toBe(400);
    expect((await post(shopper, { ...body, expected_total: -1 })).status).toBe(400);
  });
});

describe("rate limit on placing orders", () => {
  it("answers 429 with Retry-After past 10 order attempts a minute per customer; replays of a key do not count", async () => {
    const { shopper, body } = await ready();
    const placed = crypto.randomUUID();
    expect((await post(shopper, body, placed)).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await post(shopper, body, placed)).status).toBe(201); // replays: not counted
    // Attempts that claim a fresh key count, whatever their outcome: here refused (a wrong total, or
    // an empty cart once the saga has taken the bought units out of it).
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await post(shopper, { ...body, expected_total: 1 })).status);
    expect(statuses.every((s) => s === 409 || s === 422)).toBe(true);
    const limited = await post(shopper, body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(((await limited.json()) as ErrorJson).error.code).toBe("too_many_requests");
    // Another customer is not affected.
    const other = await ready();
    expect((await post(other.shopper, other.body)).status).toBe(201);
  });
});
