// Fulfilment through the Worker: admins ship / mark out for delivery / deliver (timeline rows,
// notification outbox rows, illegal steps, idempotent repeats), and the signed carrier webhook.
import { createAdmin } from "../helpers/admin";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { signatureHeader } from "../../workers/fulfilment/webhook-signature";
import { createProduct } from "../helpers/catalog";
import { type Account, authed, raw, register } from "../helpers/client";
import { insertOrder, outboxOf, timelineOf } from "../helpers/orders";

type ErrorBody = { error: { code: string; details?: { path: string }[] } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

let customer: Account;
let seller: Account;
let admin: { token: string; userId: string };
let productId: string;
beforeAll(async () => {
  [customer, seller, admin] = await Promise.all([register(), register("seller", "Fulfilment Seller"), createAdmin()]);
  productId = (await createProduct(seller)).product_id;
});

const order = (status: Parameters<typeof insertOrder>[0]["status"], extra: Partial<Parameters<typeof insertOrder>[0]> = {}) =>
  insertOrder({ customerId: customer.userId, status, lines: [{ productId, qty: 1, unitPrice: 339 }], ...extra });

let trackingCounter = 0;
const newTracking = () => `RM${Date.now().toString(36).toUpperCase()}${trackingCounter++}GB`;

const step = (who: { token: string } | null, id: string, action: "ship" | "out-for-delivery" | "deliver", body?: unknown) =>
  raw("POST", `/api/v1/admin/orders/${id}/${action}`, {
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: who ? { Authorization: `Bearer ${who.token}` } : {},
  });

const statusOf = async (id: string) =>
  (await env.DB.prepare("SELECT status FROM orders WHERE id = ?").bind(id).first<{ status: string }>())?.status;
const notificationsOf = async (id: string) => (await outboxOf(id)).filter((r) => r.queue === "notifications").map((r) => r.id);

describe("admin fulfilment", () => {
  it("ships, marks out for delivery and delivers, with a timeline row and a notification each", async () => {
    const id = await order("PAID");
    const tracking = newTracking();
    const shipped = await step(admin, id, "ship", { carrier: " Royal-Mail ", tracking_number: tracking.toLowerCase() });
    expect(shipped.status).toBe(200);
    expect(await shipped.json()).toEqual({ order_id: id, status: "SHIPPED" });
    const detail = await (await authed(customer).api.v1.orders[":id"].$get({ param: { id } })).json();
    expect(detail.shipment).toEqual({ carrier: "royal-mail", tracking_number: tracking });

    expect(await (await step(admin, id, "out-for-delivery")).json()).toEqual({ order_id: id, status: "OUT_FOR_DELIVERY" });
    expect(await (await step(admin, id, "deliver")).json()).toEqual({ order_id: id, status: "DELIVERED" });

    const timeline = await timelineOf(id);
    expect(timeline.map((e) => [e.kind, e.status])).toEqual([
      ["status", "PAID"],
      ["status", "SHIPPED"],
      ["status", "OUT_FOR_DELIVERY"],
      ["status", "DELIVERED"],
    ]);
    expect(JSON.parse(timeline[1]!.data!)).toEqual({ carrier: "royal-mail", tracking_number: tracking });
    expect(await notificationsOf(id)).toEqual(
      expect.arrayContaining([`${id}:notify:shipped`, `${id}:notify:out_for_delivery`, `${id}:notify:delivered`]),
    );
    expect(await notificationsOf(id)).toHaveLength(3);
  });

  it("delivers straight from SHIPPED", async () => {
    const id = await order("SHIPPED", { carrier: "dpd", trackingNumber: newTracking() });
    expect(await (await step(admin, id, "deliver")).json()).toEqual({ order_id: id, status: "DELIVERED" });
  });

  it("answers 200 unchanged when the order already has the status, writing nothing twice", async () => {
    const id = await order("PAID");
    const tracking = newTracking();
    for (let i = 0; i < 2; i++) expect((await step(admin, id, "ship", { carrier: "dpd", tracking_number: tracking })).status).toBe(200);
    const again = await step(admin, id, "ship", { carrier: "dpd", tracking_number: newTracking() });
    expect(await again.json()).toEqual({ order_id: id, status: "SHIPPED" });
    const row = await env.DB.prepare("SELECT tracking_number FROM orders WHERE id = ?").bind(id).first<{ tracking_number: string }>();
    expect(row?.tracking_number).toBe(tracking);
    await step(admin, id, "deliver");
    expect(await (await step(admin, id, "deliver")).json()).toEqual({ order_id: id, status: "DELIVERED" });
    expect((await timelineOf(id)).map((e) => e.status)).toEqual(["PAID", "SHIPPED", "DELIVERED"]);
    expect(await notificationsOf(id)).toHaveLength(2);
  });

  it("refuses illegal steps with 422 illegal_transition and changes nothing", async () => {
    const cases = [
      ["PENDING", "ship"],
      ["RESERVED", "ship"],
      ["CANCELLED", "ship"],
      ["DELIVERED", "ship"],
      ["PAID", "out-for-delivery"],
      ["PAID", "deliver"],
      ["FAILED", "deliver"],
      ["DELIVERED", "out-for-delivery"],
    ] as const;
    for (const [status, action] of cases) {
      const id = await order(status);
      const res = await step(admin, id, action, action === "ship" ? { carrier: "dpd", tracking_number: newTracking() } : undefined);
      expect(res.status, `${status} ${action}`).toBe(422);
      expect((await errorOf(res)).code).toBe("illegal_transition");
      expect(await statusOf(id)).toBe(status);
    }
  });

  it("refuses a tracking number already on another order with 422 tracking_number_in_use", async () => {
    const tracking = newTracking();
    await order("SHIPPED", { carrier: "dpd", trackingNumber: tracking });
    const id = await order("PAID");
    const res = await step(admin, id, "ship", { carrier: "dpd", tracking_number: tracking });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("tracking_number_in_use");
    expect((await step(admin, id, "ship", { carrier: "evri", tracking_number: tracking })).status).toBe(200);
  });

  it("answers 404 for an unknown order, 400 for bad input, 401/403 for non-admins", async () => {
    const unknown = await step(admin, "112-0000000-0000000", "deliver");
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("order_not_found");
    const id = await order("PAID");
    for (const body of [
      { carrier: "dpd" },
      { carrier: "x", tracking_number: "RM1234GB" },
      { carrier: "dpd", tracking_number: "bad number!" },
      { carrier: "dpd", tracking_number: "RM1234GB", extra: 1 },
    ]) {
      expect((await step(admin, id, "ship", body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await errorOf(await step(null, id, "deliver"))).code).toBe("missing_token");
    for (const who of [customer, seller]) {
      const res = await step(who, id, "ship", { carrier: "dpd", tracking_number: newTracking() });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe("insufficient_role");
    }
    expect(await statusOf(id)).toBe("PAID");
  });
});

// ---- the carrier webhook ----
const SECRET = env.CARRIER_WEBHOOK_SECRET;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const send = (body: string, header?: string | null) =>
  raw("POST", "/api/v1/webhooks/carrier", { body, headers: header ? { "X-Carrier-Signature": header } : {} });
const signed = async (payload: unknown, t = nowSeconds()) => {
  const body = JSON.stringify(payload);
  return send(body, await signatureHeader(SECRET, t, new TextEncoder().encode(body)));
};
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

const shippedOrder = async () => {
  const tracking = newTracking();
  const id = await order("SHIPPED", { carrier: "royal-mail", trackingNumber: tracking });
  return { id, tracking };
};

describe("the carrier webhook", () => {
  it("records scans in the timeline and moves the order along, in event time order", async () => {
    const { id, tracking } = await shippedOrder();
    const res = await signed({
      carrier: "royal-mail",
      tracking_number: tracking,
      // Listed out of order on purpose: delivered happened last.
      events: [
        { id: "ev-3", status: "delivered", at: iso(1_000), location: "London" },
        { id: "ev-1", status: "in_transit", at: iso(60_000), location: "Leeds hub" },
        { id: "ev-2", status: "out_for_delivery", at: iso(30_000) },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ order_id: id, status: "DELIVERED", accepted: 3 });
    const tracking_rows = (await timelineOf(id)).filter((e) => e.kind === "tracking");
    expect(tracking_rows.map((e) => [e.id, e.status])).toEqual([
      [`${id}:carrier:ev-1`, "in_transit"],
      [`${id}:carrier:ev-2`, "out_for_delivery"],
      [`${id}:carrier:ev-3`, "delivered"],
    ]);
    expect(JSON.parse(tracking_rows[0]!.data!)).toMatchObject({ location: "Leeds hub" });
    expect((await timelineOf(id)).filter((e) => e.kind === "status").map((e) => e.status)).toEqual([
      "SHIPPED",
      "OUT_FOR_DELIVERY",
      "DELIVERED",
    ]);
    expect(await notificationsOf(id)).toEqual(expect.arrayContaining([`${id}:notify:out_for_delivery`, `${id}:notify:delivered`]));
  });

  it("adds nothing when the same webhook is delivered again", async () => {
    const { id, tracking } = await shippedOrder();
    const payload = {
      carrier: "royal-mail",
      tracking_number: tracking,
      events: [{ id: "a1", status: "out_for_delivery", at: iso(5_000) }],
    };
    expect(await (await signed(payload)).json()).toEqual({ order_id: id, status: "OUT_FOR_DELIVERY", accepted: 1 });
    const before = await timelineOf(id);
    const outbox = await outboxOf(id);
    expect(await (await signed(payload)).json()).toEqual({ order_id: id, status: "OUT_FOR_DELIVERY", accepted: 0 });
    expect(await timelineOf(id)).toEqual(before);
    expect(await outboxOf(id)).toEqual(outbox);
  });

  it("treats a scan for a status already passed as a no-op, and records exceptions without moving", async () => {
    const { id, tracking } = await shippedOrder();
    await signed({ carrier: "royal-mail", tracking_number: tracking, events: [{ id: "d", status: "delivered", at: iso(10_000) }] });
    const late = await signed({
      carrier: "royal-mail",
      tracking_number: tracking,
      events: [
        { id: "o", status: "out_for_delivery", at: iso(20_000) },
        { id: "x", status: "exception", at: iso(5_000), location: "Depot" },
      ],
    });
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ order_id: id, status: "DELIVERED", accepted: 2 });
    expect(await statusOf(id)).toBe("DELIVERED");
    expect((await timelineOf(id)).filter((e) => e.kind === "status").map((e) => e.status)).toEqual(["SHIPPED", "DELIVERED"]);
  });

  it("refuses a missing, malformed or wrong signature with 401 invalid_signature", async () => {
    const { id, tracking } = await shippedOrder();
    const body = JSON.stringify({
      carrier: "royal-mail",
      tracking_number: tracking,
      events: [{ id: "s1", status: "delivered", at: iso(1000) }],
    });
    const bytes = new TextEncoder().encode(body);
    const t = nowSeconds();
    const wrongKey = await signatureHeader("another-secret-0123456789abcdef-0123456789", t, bytes);
    const good = await signatureHeader(SECRET, t, bytes);
    for (const header of [
      null,
      "",
      "t=1",
      `v1=${"a".repeat(64)}`,
      `t=${t},v1=zz`,
      `t=${t};v1=${"a".repeat(64)}`,
      wrongKey,
      good.slice(0, -1) + (good.endsWith("0") ? "1" : "0"),
    ]) {
      const res = await send(body, header);
      expect(res.status, String(header)).toBe(401);
      expect((await errorOf(res)).code).toBe("invalid_signature");
    }
    expect(await statusOf(id)).toBe("SHIPPED");
  });

  it("refuses a stale or future timestamp (replay) and a tampered body", async () => {
    const { id, tracking } = await shippedOrder();
    const payload = { carrier: "royal-mail", tracking_number: tracking, events: [{ id: "r1", status: "delivered", at: iso(1000) }] };
    for (const t of [nowSeconds() - 301, nowSeconds() + 301]) {
      const res = await signed(payload, t);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe("invalid_signature");
    }
    const body = JSON.stringify(payload);
    const header = await signatureHeader(SECRET, nowSeconds(), new TextEncoder().encode(body));
    const tampered = await send(body.replace("delivered", "exception"), header);
    expect(tampered.status).toBe(401);
    const reformatted = await send(JSON.stringify(payload, null, 2), header);
    expect(reformatted.status).toBe(401);
    expect((await timelineOf(id)).filter((e) => e.kind === "tracking")).toEqual([]);
    expect((await signed(payload, nowSeconds() - 200)).status).toBe(200);
  });

  it("validates the signed body: 400 malformed_json, 400 validation_failed with details, 404 for an unknown shipment", async () => {
    const bad = await send("{oops", await signatureHeader(SECRET, nowSeconds(), new TextEncoder().encode("{oops")));
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("malformed_json");
    const { tracking } = await shippedOrder();
    const invalid = await signed({
      carrier: "royal-mail",
      tracking_number: tracking,
      events: [{ id: "v1", status: "lost_in_space", at: "yesterday" }],
    });
    expect(invalid.status).toBe(400);
    const e = await errorOf(invalid);
    expect(e.code).toBe("validation_failed");
    expect(e.details!.map((d) => d.path)).toEqual(expect.arrayContaining(["json.events.0.status", "json.events.0.at"]));
    const tooMany = await signed({
      carrier: "royal-mail",
      tracking_number: tracking,
      events: Array.from({ length: 51 }, (_, i) => ({ id: `m${i}`, status: "in_transit", at: iso(1000) })),
    });
    expect(tooMany.status).toBe(400);
    const unknown = await signed({
      carrier: "royal-mail",
      tracking_number: newTracking(),
      events: [{ id: "u1", status: "in_transit", at: iso(1000) }],
    });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("order_not_found");
  });
});
