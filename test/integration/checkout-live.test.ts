// The whole order lifecycle through the Worker on the real Miniflare queues: a customer's open
// tracking socket receives PENDING → RESERVED → PAID as the saga runs, then SHIPPED and
// DELIVERED as an admin fulfils it; and a dead-lettered saga event, replayed by an admin,
// resumes the saga.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createAdmin } from "../helpers/admin";
import { raw } from "../helpers/client";
import { fillCart, newShopper, placeDirect, sagaHarness, waitForStatus } from "../helpers/checkout";
import { seedProduct } from "../helpers/stock";

let seq = 0;
const sku = () => `live-${Date.now().toString(36)}-${seq++}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A tracking socket for `token`'s customer; `statuses()` lists the order statuses pushed so far. */
const openTracking = async (token: string) => {
  const t = await raw("POST", "/api/v1/orders/live/ticket", { headers: bearer(token) });
  const { ticket } = (await t.json()) as { ticket: string };
  const res = await raw("GET", `/api/v1/orders/live/socket?ticket=${encodeURIComponent(ticket)}`, { headers: { Upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: { type: string; order_id?: string; status?: string }[] = [];
  ws.addEventListener("message", (e) => messages.push(JSON.parse(e.data as string)));
  ws.accept();
  const statuses = (orderId: string) => messages.filter((m) => m.type === "order_status" && m.order_id === orderId).map((m) => m.status);
  const waitFor = async (orderId: string, status: string) => {
    const until = Date.now() + 15_000;
    while (!statuses(orderId).includes(status)) {
      if (Date.now() > until) throw new Error(`no ${status} pushed; got ${statuses(orderId).join(",")}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { ws, statuses, waitFor };
};

describe("order lifecycle, live", () => {
  it("pushes every status to the customer's open page as the saga and fulfilment move the order", async () => {
    const id = sku();
    await seedProduct(id, 10);
    const shopper = await newShopper();
    const cartId = await fillCart(shopper, [{ productId: id, qty: 1 }]);
    const live = await openTracking(shopper.token);
    const res = await raw("POST", "/api/v1/orders", {
      body: JSON.stringify({ cart_id: cartId, shipping_address_id: shopper.addressId, payment_method_id: shopper.paymentMethodId }),
      headers: { ...bearer(shopper.token), "Idempotency-Key": crypto.randomUUID() },
    });
    const { order_id } = (await res.json()) as { order_id: string };
    await live.waitFor(order_id, "PAID");
    expect(live.statuses(order_id)).toEqual(["PENDING", "RESERVED", "PAID"]);

    const admin = await createAdmin();
    const ship = await raw("POST", `/api/v1/admin/orders/${order_id}/ship`, {
      body: JSON.stringify({ carrier: "royalmail", tracking_number: `RM${Date.now()}GB` }),
      headers: bearer(admin.token),
    });
    expect(ship.status).toBe(200);
    await live.waitFor(order_id, "SHIPPED");
    expect((await raw("POST", `/api/v1/admin/orders/${order_id}/deliver`, { headers: bearer(admin.token) })).status).toBe(200);
    await live.waitFor(order_id, "DELIVERED");
    expect(live.statuses(order_id)).toEqual(["PENDING", "RESERVED", "PAID", "SHIPPED", "DELIVERED"]);

    const detail = await raw("GET", `/api/v1/orders/${order_id}`, { headers: bearer(shopper.token) });
    const body = (await detail.json()) as { status: string; timeline: { status: string }[] };
    expect(body.status).toBe("DELIVERED");
    expect(body.timeline.filter((e) => e.status !== "REFUNDED").map((e) => e.status)).toEqual([
      "PENDING",
      "RESERVED",
      "PAID",
      "SHIPPED",
      "DELIVERED",
    ]);
    live.ws.close();
  });

  it("resumes the saga when an admin replays its dead-lettered event", async () => {
    const id = sku();
    await seedProduct(id, 10);
    const shopper = await newShopper();
    // Placed with the queues faked: its OrderCreated never reaches the real queue, as if it had died.
    const h = sagaHarness();
    const cartId = await fillCart(shopper, [{ productId: id, qty: 1 }]);
    const order = await placeDirect(
      h.env,
      { userId: shopper.userId, role: "customer", isPrime: false },
      { cartId, shippingAddressId: shopper.addressId, paymentMethodId: shopper.paymentMethodId },
      Date.now(),
    );
    const created = h.events.sent.find((m) => m.body.type === "OrderCreated")!.body;
    const deadId = `dlq-${crypto.randomUUID().replaceAll("-", "")}`;
    await env.DB.prepare(
      `INSERT INTO dead_letters (id, source_queue, event_id, event_type, body, received_at) VALUES (?, 'order-events', ?, 'OrderCreated', ?, ?)`,
    )
      .bind(deadId, created.id, JSON.stringify(created), Date.now())
      .run();
    expect((await env.DB.prepare(`SELECT status FROM orders WHERE id = ?`).bind(order.order_id).first<{ status: string }>())?.status).toBe(
      "PENDING",
    );

    const admin = await createAdmin();
    const replay = await raw("POST", `/api/v1/admin/dead-letters/${deadId}/replay`, { headers: bearer(admin.token) });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ id: deadId, replay_count: 1 });
    await waitForStatus(order.order_id, ["PAID"]);
  });
});
