// Order reads through the Worker: the customer's keyset-paginated list, one order with its lines,
// address, shipment and timeline, ownership (another customer's order is 404) and admin reads.
import { createAdmin } from "../helpers/admin";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "../helpers/catalog";
import { type Account, authed, raw, register } from "../helpers/client";
import { insertOrder, sampleAddressSnapshot } from "../helpers/orders";

type ErrorBody = { error: { code: string; details?: { path: string }[] } };
const errorOf = async (res: { json(): Promise<unknown> }) => ((await res.json()) as ErrorBody).error;
const get = (who: { token: string } | null, path: string) =>
  raw("GET", path, { headers: who ? { Authorization: `Bearer ${who.token}` } : {} });

let seller: Account;
let admin: { token: string; userId: string };
let productIds: string[];
beforeAll(async () => {
  [seller, admin] = await Promise.all([register("seller", "Orders Seller"), createAdmin()]);
  productIds = (await Promise.all([createProduct(seller), createProduct(seller)])).map((p) => p.product_id);
});
const line = (i = 0, qty = 1, unitPrice = 339) => ({ productId: productIds[i]!, qty, unitPrice });

describe("listing my orders", () => {
  it("visits every order exactly once, newest first, across pages (ties on created_at included)", async () => {
    const me = await register();
    const base = Date.now() - 1_000_000;
    // Three orders share one millisecond: the id breaks the tie, so none is skipped or repeated.
    const times = [base, base + 10, base + 10, base + 10, base + 20, base + 30, base + 40];
    const ids: string[] = [];
    for (const t of times) ids.push(await insertOrder({ customerId: me.userId, createdAt: t, lines: [line()] }));
    const expected = times
      .map((t, i) => ({ t, id: ids[i]! }))
      .sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : -1))
      .map((o) => o.id);

    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const res = await authed(me).api.v1.orders.$get({ query: { limit: "3", ...(token ? { page_token: token } : {}) } });
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      const page = await res.json();
      expect(page.results.length).toBeLessThanOrEqual(3);
      seen.push(...page.results.map((o) => o.order_id));
      token = page.next_page_token;
      pages++;
    } while (token && pages < 10);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it("shows each summary's fields and only the caller's orders", async () => {
    const [me, other] = await Promise.all([register(), register()]);
    const createdAt = Date.now() - 5000;
    const id = await insertOrder({
      customerId: me.userId,
      createdAt,
      lines: [line(0, 2, 500), line(1, 1, 250)],
      shippingMinor: 399,
      status: "FAILED",
      statusReason: "card_declined",
    });
    await insertOrder({ customerId: other.userId, lines: [line()] });
    const page = await (await authed(me).api.v1.orders.$get({ query: {} })).json();
    expect(page).toEqual({
      results: [
        {
          order_id: id,
          status: "FAILED",
          status_reason: "card_declined",
          total: 1649,
          currency: "GBP",
          item_count: 3,
          created_at: new Date(createdAt).toISOString(),
          estimated_delivery: new Date(createdAt + 3 * 86_400_000).toISOString().slice(0, 10),
        },
      ],
      next_page_token: null,
    });
    expect((await (await authed(await register()).api.v1.orders.$get({ query: {} })).json()).results).toEqual([]);
  });

  it("refuses a tampered page token and a bad limit with 400", async () => {
    const me = await register();
    const badToken = await get(me, `/api/v1/orders?page_token=${btoa('{"c":"x","i":1}')}`);
    expect(badToken.status).toBe(400);
    expect((await errorOf(badToken)).code).toBe("invalid_page_token");
    for (const limit of ["0", "101", "abc"]) {
      const res = await get(me, `/api/v1/orders?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect((await errorOf(res)).details?.[0]?.path).toBe("query.limit");
    }
  });
});

describe("reading one order", () => {
  it("answers lines, totals, address, payment method, shipment and the timeline, with no gateway ids", async () => {
    const me = await register();
    const createdAt = Date.now() - 60_000;
    const id = await insertOrder({
      customerId: me.userId,
      createdAt,
      lines: [line(0, 2, 339), line(1, 1, 1050)],
      shippingMinor: 499,
      status: "SHIPPED",
      chargeId: "ch_secret_gateway_id",
      carrier: "royal-mail",
      trackingNumber: "RM000000001GB",
    });
    await env.DB.prepare(
      `INSERT INTO order_events (id, order_id, kind, status, reason, data, at) VALUES (?, ?, 'tracking', 'in_transit', NULL, ?, ?)`,
    )
      .bind(`${id}:carrier:e1`, id, JSON.stringify({ location: "Leeds", chargeId: "ch_secret_gateway_id" }), createdAt + 1000)
      .run();
    const res = await authed(me).api.v1.orders[":id"].$get({ param: { id } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const text = await res.text();
    expect(text).not.toContain("ch_secret");
    const o = JSON.parse(text);
    expect(o).toMatchObject({
      order_id: id,
      status: "SHIPPED",
      status_reason: null,
      currency: "GBP",
      subtotal: 1728,
      shipping: 499,
      total: 2227,
      item_count: 3,
      created_at: new Date(createdAt).toISOString(),
      updated_at: new Date(createdAt).toISOString(),
      payment: { payment_method_id: "pm_0123456789abcdef" },
      shipping_address: {
        name: sampleAddressSnapshot.name,
        line1: sampleAddressSnapshot.line1,
        line2: null,
        city: "London",
        postal_code: "SW1A 1AA",
        country: "GB",
      },
      shipment: { carrier: "royal-mail", tracking_number: "RM000000001GB" },
      lines: [
        { line_no: 1, product_id: productIds[0], title: "Item 1", qty: 2, unit_price: 339, line_total: 678 },
        { line_no: 2, product_id: productIds[1], title: "Item 2", qty: 1, unit_price: 1050, line_total: 1050 },
      ],
      timeline: [
        { kind: "status", status: "SHIPPED", reason: null, at: new Date(createdAt).toISOString(), data: null },
        { kind: "tracking", status: "in_transit", reason: null, at: new Date(createdAt + 1000).toISOString(), data: { location: "Leeds" } },
      ],
    });
    expect(Object.keys(o.payment)).toEqual(["payment_method_id"]);
  });

  it("reads an imported order (100-/101- ids, no split totals, no address)", async () => {
    const me = await register();
    const id = await insertOrder({
      id: "101-0000000-0000001",
      customerId: me.userId,
      imported: true,
      status: "DELIVERED",
      lines: [line()],
      estimatedDelivery: null,
    });
    const o = await (await authed(me).api.v1.orders[":id"].$get({ param: { id } })).json();
    expect(o).toMatchObject({
      order_id: id,
      subtotal: null,
      shipping: null,
      total: 339,
      shipping_address: null,
      shipment: null,
      estimated_delivery: null,
      payment: { payment_method_id: null },
    });
  });

  it("answers 404 order_not_found for another customer's order and an unknown one, 400 for a malformed id", async () => {
    const [me, other] = await Promise.all([register(), register()]);
    const id = await insertOrder({ customerId: me.userId, lines: [line()] });
    for (const [who, orderId] of [
      [other, id],
      [me, "112-0000000-0000000"],
    ] as const) {
      const res = await get(who, `/api/v1/orders/${orderId}`);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("order_not_found");
    }
    const bad = await get(me, "/api/v1/orders/112-123");
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details?.[0]?.path).toBe("param.id");
  });

  it("tells the customer only that the card was declined; the admin sees the issuer's precise code", async () => {
    const me = await register();
    const id = await insertOrder({ customerId: me.userId, lines: [line()], status: "FAILED", statusReason: "insufficient_funds" });
    await env.DB.prepare(
      `INSERT INTO order_events (id, order_id, kind, status, reason, data, at) VALUES (?, ?, 'status', 'FAILED', 'insufficient_funds', ?, ?)`,
    )
      .bind(`${id}:failed-test`, id, JSON.stringify({ message: "Insufficient funds on the card." }), Date.now())
      .run();

    const mine = await get(me, `/api/v1/orders/${id}`);
    const text = await mine.text();
    expect(text).not.toMatch(/insufficient/i);
    const detail = JSON.parse(text) as { status_reason: string; timeline: { status: string; reason: string | null; data: unknown }[] };
    expect(detail.status_reason).toBe("card_declined");
    expect(detail.timeline.findLast((e) => e.status === "FAILED")).toMatchObject({ reason: "card_declined", data: null });
    const list = await (await get(me, "/api/v1/orders")).text();
    expect(list).not.toMatch(/insufficient/i);
    expect(list).toContain(`"status_reason":"card_declined"`);

    const asAdmin = (await (await get(admin, `/api/v1/orders/${id}`)).json()) as typeof detail;
    expect(asAdmin.status_reason).toBe("insufficient_funds");
    expect(asAdmin.timeline.findLast((e) => e.status === "FAILED")).toMatchObject({
      reason: "insufficient_funds",
      data: { message: "Insufficient funds on the card." },
    });
  });

  it("lets an admin read any order, refuses sellers (403) and anonymous callers (401)", async () => {
    const me = await register();
    const id = await insertOrder({ customerId: me.userId, lines: [line()] });
    const res = await get(admin, `/api/v1/orders/${id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { order_id: string }).order_id).toBe(id);
    const bySeller = await get(seller, `/api/v1/orders/${id}`);
    expect(bySeller.status).toBe(403);
    expect((await errorOf(bySeller)).code).toBe("insufficient_role");
    expect((await get(seller, "/api/v1/orders")).status).toBe(403);
    const anon = await get(null, `/api/v1/orders/${id}`);
    expect(anon.status).toBe(401);
    expect((await errorOf(anon)).code).toBe("missing_token");
    expect(anon.headers.get("Cache-Control")).toBe("private, no-store");
  });
});
