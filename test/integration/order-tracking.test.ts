// Order tracking through the Worker: a customer's ticket, the WebSocket it opens, status changes
// pushed by publishOrderUpdate, the order filter and replay, and every way a ticket is refused.
import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { transitionOrder } from "../../workers/orders/transitions.repo";
import { publishOrderUpdate, type OrderUpdate } from "../../workers/tracking/publish";
import { issueTicket, TICKET_TTL_MS } from "../../workers/tracking/ticket";
import { type Account, raw, register } from "../helpers/client";
import { createProduct } from "../helpers/catalog";
import { insertOrder } from "../helpers/orders";
import { TEST_JWT_SECRET } from "../helpers/test-secrets";

const errorOf = async (res: Response) => ((await res.json()) as { error: { type: string; code: string } }).error;

let orderSeq = 0;
const orderId = () => `112-${String(Date.now() % 1e7).padStart(7, "0")}-${String(orderSeq++).padStart(7, "0")}`;
const update = (id: string, status: string, at = Date.now(), reason: string | null = null): OrderUpdate => ({
  orderId: id,
  status,
  reason,
  at,
});

const ticketFor = async (a: Account) => {
  const res = await raw("POST", "/api/v1/orders/live/ticket", { headers: { Authorization: `Bearer ${a.token}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { ticket: string; expires_at: string; url: string };
};

const openLive = (query: string, headers: Record<string, string> = { Upgrade: "websocket" }) =>
  raw("GET", `/api/v1/orders/live/socket?${query}`, { headers });

/** The client end of a tracking socket: every text frame it received, and a way to wait for more. */
const connect = async (query: string) => {
  const res = await openLive(query);
  expect(res.status, res.status === 101 ? "" : await res.text()).toBe(101);
  const ws = res.webSocket!;
  const frames: string[] = [];
  let wake = () => {};
  ws.addEventListener("message", (e) => {
    frames.push(e.data as string);
    wake();
  });
  ws.accept();
  const parsed = () => frames.map((f) => (f === "pong" ? f : JSON.parse(f)));
  const waitFor = async (done: () => boolean) => {
    const deadline = Date.now() + 2000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`gave up waiting; frames so far: ${JSON.stringify(frames)}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
    }
  };
  /** Every frame so far, once at least `n` have arrived (fails after 2 s). */
  const until = async (n: number) => {
    await waitFor(() => frames.length >= n);
    return parsed();
  };
  /** Every message sent before now, pongs left out: a ping's pong comes after them on the socket. */
  const settled = async () => {
    const pongs = frames.filter((f) => f === "pong").length;
    ws.send("ping");
    await waitFor(() => frames.filter((f) => f === "pong").length > pongs);
    return parsed().filter((m) => m !== "pong");
  };
  return { ws, until, settled };
};

let ann: Account;
let bob: Account;
beforeAll(async () => {
  [ann, bob] = await Promise.all([register("customer", "Ann Tracker"), register("customer", "Bob Tracker")]);
});

describe("POST /api/v1/orders/live/ticket", () => {
  it("gives a customer a 60-second ticket and the socket URL to open with it", async () => {
    const before = Date.now();
    const res = await raw("POST", "/api/v1/orders/live/ticket", { headers: { Authorization: `Bearer ${ann.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = (await res.json()) as { ticket: string; expires_at: string; url: string };
    expect(body.ticket).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const expires = Date.parse(body.expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + TICKET_TTL_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + TICKET_TTL_MS);
    expect(body.url).toBe(`wss://shop.test/api/v1/orders/live/socket?ticket=${body.ticket}`);
    expect(JSON.stringify(body)).not.toContain(ann.userId);
  });

  it("refuses anonymous callers (401) and sellers (403)", async () => {
    const anon = await raw("POST", "/api/v1/orders/live/ticket");
    expect(anon.status).toBe(401);
    expect((await errorOf(anon)).code).toBe("missing_token");
    const seller = await register("seller", "Seller Tracker");
    const res = await raw("POST", "/api/v1/orders/live/ticket", { headers: { Authorization: `Bearer ${seller.token}` } });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("insufficient_role");
  });
});

describe("GET /api/v1/orders/live/socket", () => {
  it("opens a socket that says ready, then receives the customer's status changes as they happen", async () => {
    const { ticket } = await ticketFor(ann);
    const live = await connect(`ticket=${ticket}`);
    expect(await live.until(1)).toEqual([{ type: "ready" }]);

    const id = orderId();
    const at = Date.now();
    await publishOrderUpdate(env, ann.userId, update(id, "PAID", at));
    await publishOrderUpdate(env, ann.userId, update(id, "CANCELLED", at + 1, "customer_request"));
    expect(await live.until(3)).toEqual([
      { type: "ready" },
      { type: "order_status", order_id: id, status: "PAID", reason: null, at: new Date(at).toISOString() },
      { type: "order_status", order_id: id, status: "CANCELLED", reason: "customer_request", at: new Date(at + 1).toISOString() },
    ]);
    live.ws.close(1000, "done");
  });

  it("pushes a card decline to the customer as card_declined, never the issuer's precise reason", async () => {
    const { ticket } = await ticketFor(ann);
    const live = await connect(`ticket=${ticket}`);
    await live.until(1);
    const product = await createProduct(await register("seller", "Track Seller"));
    const id = await insertOrder({
      customerId: ann.userId,
      lines: [{ productId: product.product_id, qty: 1, unitPrice: 100 }],
      status: "RESERVED",
    });
    const t = await transitionOrder(env, { orderId: id, to: "FAILED", from: ["RESERVED"], reason: "insufficient_funds", at: Date.now() });
    expect(t.changed).toBe(true);
    const frames = await live.settled();
    expect(frames.at(-1)).toMatchObject({ type: "order_status", order_id: id, status: "FAILED", reason: "card_declined" });
    expect(JSON.stringify(frames)).not.toContain("insufficient");
    live.ws.close(1000, "done");
  });

  it("with order_id, receives only that order's changes", async () => {
    const [mine, other] = [orderId(), orderId()];
    const { ticket } = await ticketFor(ann);
    const live = await connect(`ticket=${ticket}&order_id=${mine}`);
    await live.until(1);
    await publishOrderUpdate(env, ann.userId, update(other, "PAID"));
    await publishOrderUpdate(env, ann.userId, update(mine, "SHIPPED"));
    const got = await live.until(2);
    expect(got[1]).toMatchObject({ type: "order_status", order_id: mine, status: "SHIPPED" });
    expect((await live.settled()).map((m) => m.order_id ?? m.type)).toEqual(["ready", mine]);
    live.ws.close();
  });

  it("with since, first replays what changed after it (between the page's GET and its connect)", async () => {
    const [a, b] = [orderId(), orderId()];
    const t0 = Date.now();
    await publishOrderUpdate(env, ann.userId, update(a, "PENDING_PAYMENT", t0 - 10));
    await publishOrderUpdate(env, ann.userId, update(b, "PAID", t0 + 5));
    const { ticket } = await ticketFor(ann);
    const live = await connect(`ticket=${ticket}&since=${t0}`);
    const got = await live.settled();
    expect(got[0]).toEqual({ type: "ready" });
    expect(got.filter((m) => m.order_id === a)).toEqual([]); // the page already showed it
    expect(got.filter((m) => m.order_id === b)).toEqual([
      { type: "order_status", order_id: b, status: "PAID", reason: null, at: new Date(t0 + 5).toISOString() },
    ]);
    live.ws.close();
  });

  it("never delivers one customer's changes to another customer's socket", async () => {
    const annLive = await connect(`ticket=${(await ticketFor(ann)).ticket}`);
    const bobLive = await connect(`ticket=${(await ticketFor(bob)).ticket}`);
    await Promise.all([annLive.until(1), bobLive.until(1)]);
    const id = orderId();
    await publishOrderUpdate(env, ann.userId, update(id, "PAID"));
    expect((await annLive.until(2))[1]).toMatchObject({ order_id: id });
    // Bob's socket even filtered on Ann's order id hears nothing: it is on Bob's own object.
    const bobOnAnnsOrder = await connect(`ticket=${(await ticketFor(bob)).ticket}&order_id=${id}`);
    await publishOrderUpdate(env, ann.userId, update(id, "SHIPPED"));
    await annLive.until(3);
    expect(await bobLive.settled()).toEqual([{ type: "ready" }]);
    expect(await bobOnAnnsOrder.settled()).toEqual([{ type: "ready" }]);
    for (const l of [annLive, bobLive, bobOnAnnsOrder]) l.ws.close();
  });

  it("answers a request without Upgrade: websocket with 400", async () => {
    const { ticket } = await ticketFor(ann);
    const res = await openLive(`ticket=${ticket}`, {});
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ type: "invalid_data", code: "validation_failed" });
  });

  it("answers a missing ticket or a malformed order_id or since with 400", async () => {
    for (const query of ["", "ticket=", `ticket=x&order_id=nope`, "ticket=x&since=-1", "ticket=x&since=soon"]) {
      const res = await openLive(query);
      expect(res.status, query).toBe(400);
      expect((await errorOf(res)).code, query).toBe("validation_failed");
    }
  });
});

describe("a tracking ticket", () => {
  const refused = async (ticket: string) => {
    const res = await openLive(`ticket=${encodeURIComponent(ticket)}`);
    expect(res.status, ticket).toBe(401);
    expect(await errorOf(res), ticket).toMatchObject({ type: "unauthorized", code: "invalid_ticket" });
  };

  it("is refused when expired (60 s after issue)", async () => {
    const now = Date.now();
    await refused((await issueTicket(TEST_JWT_SECRET, ann.userId, now - TICKET_TTL_MS)).ticket);
    await refused((await issueTicket(TEST_JWT_SECRET, ann.userId, now - TICKET_TTL_MS - 5_000)).ticket);
  });

  it("is refused when forged: another key, an edited customer id, or garbage", async () => {
    await refused((await issueTicket("another-secret-0123456789abcdef-0123456789", ann.userId, Date.now())).ticket);
    const real = (await ticketFor(ann)).ticket;
    const [, mac] = real.split(".");
    const bobPayload = btoa(JSON.stringify({ sub: bob.userId, exp: Date.now() + 60_000 }))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    await refused(`${bobPayload}.${mac}`);
    for (const junk of ["x", "a.b", "a.b.c", `${real}x`, `${real}.${mac}`, "%00", "' OR 1=1 --"]) await refused(junk);
  });

  it("opens one socket only: used again it is refused, and a fresh ticket works", async () => {
    const { ticket } = await ticketFor(ann);
    const first = await connect(`ticket=${encodeURIComponent(ticket)}`);
    expect(await first.until(1)).toEqual([{ type: "ready" }]);
    await refused(ticket);
    first.ws.close();
    await refused(ticket); // not even once the first socket is gone
    const fresh = await connect(`ticket=${encodeURIComponent((await ticketFor(ann)).ticket)}`);
    expect(await fresh.until(1)).toEqual([{ type: "ready" }]);
    fresh.ws.close();
  });

  it("of two connects racing with the same ticket, exactly one gets through", async () => {
    const { ticket } = await ticketFor(bob);
    const results = await Promise.all([0, 1, 2].map(() => openLive(`ticket=${encodeURIComponent(ticket)}`)));
    expect(results.map((r) => r.status).sort()).toEqual([101, 401, 401]);
    for (const r of results) {
      if (r.status !== 101) {
        expect((await errorOf(r)).code).toBe("invalid_ticket");
        continue;
      }
      r.webSocket!.accept();
      r.webSocket!.close();
    }
  });

  it("is not spent by a request that is not a WebSocket upgrade", async () => {
    const { ticket } = await ticketFor(ann);
    expect((await openLive(`ticket=${encodeURIComponent(ticket)}`, {})).status).toBe(400);
    const live = await connect(`ticket=${encodeURIComponent(ticket)}`);
    expect(await live.until(1)).toEqual([{ type: "ready" }]);
    live.ws.close();
  });

  it("cannot be an access token: a valid JWT is not a ticket", async () => {
    await refused(ann.token);
    const now = Math.floor(Date.now() / 1000);
    await refused(await sign({ sub: ann.userId, exp: now + 60 }, TEST_JWT_SECRET, "HS256"));
  });
});

describe("publishOrderUpdate", () => {
  it("is best effort: it never throws, whether the tracker refuses the update or cannot be reached", async () => {
    const bad = { orderId: "", status: "PAID", reason: null, at: Number.NaN } as OrderUpdate;
    await expect(publishOrderUpdate(env, ann.userId, bad)).resolves.toBeUndefined();
    const down = { ...env, ORDER_TRACKER: { getByName: () => ({ publish: () => Promise.reject(new Error("object unavailable")) }) } };
    await expect(publishOrderUpdate(down as unknown as Cloudflare.Env, ann.userId, update(orderId(), "PAID"))).resolves.toBeUndefined();
  });

  it("keeps the update for a customer with no page open, to replay on connect", async () => {
    const carol = await register("customer", "Carol Tracker");
    const id = orderId();
    await publishOrderUpdate(env, carol.userId, update(id, "PAID", 1_000));
    const live = await connect(`ticket=${(await ticketFor(carol)).ticket}&since=0`);
    expect(await live.settled()).toEqual([
      { type: "ready" },
      { type: "order_status", order_id: id, status: "PAID", reason: null, at: new Date(1_000).toISOString() },
    ]);
    live.ws.close();
  });
});
