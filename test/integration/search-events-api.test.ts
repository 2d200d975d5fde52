// POST /api/v1/events: strict validation, 202 with accepted/dropped (time window), stable dedup
// ids, 503 when the queue refuses, the per-address rate limit, and the events reaching
// product_signals through the real queue and consumer.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../workers/app";
import type { SearchEventMessage } from "../../workers/search-events/events";
import { raw, register } from "../helpers/client";
import { seedProduct, sleep } from "../helpers/stock";

const PATH = "/api/v1/events";
const post = (body: unknown, headers: Record<string, string> = {}) => raw("POST", PATH, { body: JSON.stringify(body), headers });
const SEARCH = crypto.randomUUID();
const event = (extra: Record<string, unknown> = {}) => ({ type: "click", search_id: SEARCH, product_id: "85123A", position: 1, ...extra });
const iso = (ms: number) => new Date(ms).toISOString();

/** The app over a copied env (a recording or failing queue, a fake limiter). */
const appWith = (overrides: Partial<Record<"SEARCH_EVENTS" | "EVENTS_RATE_LIMITER", unknown>>) => {
  const e = { ...env, ...overrides } as unknown as Cloudflare.Env;
  return (body: unknown, ip = "203.0.113.7") =>
    createApp().request(PATH, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip } }, e, createExecutionContext());
};
const recordingQueue = () => {
  const sent: { body: SearchEventMessage; contentType?: string }[][] = [];
  return { sent, queue: { sendBatch: async (msgs: { body: SearchEventMessage; contentType?: string }[]) => void sent.push(msgs) } };
};

const errorOf = async (res: Response) => ((await res.json()) as { error: { type: string; code: string; details?: { path: string }[] } }).error;

describe("POST /api/v1/events: validation", () => {
  it.each([
    ["no events", { events: [] }, "json.events"],
    ["51 events", { events: Array.from({ length: 51 }, () => event()) }, "json.events"],
    ["an unknown type", { events: [event({ type: "hover" })] }, "json.events.0.type"],
    ["a search_id that is not a UUID", { events: [event({ search_id: "abc" })] }, "json.events.0.search_id"],
    ["an event_id that is not a UUID", { events: [event({ event_id: "e-1" })] }, "json.events.0.event_id"],
    ["a bad product id", { events: [event({ product_id: "no spaces" })] }, "json.events.0.product_id"],
    ["position 0", { events: [event({ position: 0 })] }, "json.events.0.position"],
    ["position 1001", { events: [event({ position: 1001 })] }, "json.events.0.position"],
    ["a fractional position", { events: [event({ position: 1.5 })] }, "json.events.0.position"],
    ["a non-ISO time", { events: [event({ at: "yesterday" })] }, "json.events.0.at"],
    ["an epoch-number time", { events: [event({ at: Date.now() })] }, "json.events.0.at"],
    ["an unknown event field", { events: [event({ user_id: "u1" })] }, "json.events.0"],
    ["an unknown top-level field", { events: [event()], extra: 1 }, "json"],
  ])("answers 400 validation_failed for %s", async (_what, body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("validation_failed");
    expect(error.details!.some((d) => d.path === field || d.path.startsWith(`${field}.`))).toBe(true);
  });
});

describe("POST /api/v1/events: accepting", () => {
  it("answers 202 with accepted and dropped, anonymous or signed in", async () => {
    const res = await post({ events: [event(), event({ type: "impression", position: 2 })] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, dropped: 0 });
    const customer = await register();
    const signedIn = await post({ events: [event()] }, { Authorization: `Bearer ${customer.token}` });
    expect(signedIn.status).toBe(202);
  });

  it("drops events over 5 minutes ahead or over 7 days old, and queues the rest as JSON", async () => {
    const { sent, queue } = recordingQueue();
    const now = Date.now();
    const res = await appWith({ SEARCH_EVENTS: queue })({
      events: [
        event({ at: iso(now + 10 * 60_000) }), event({ at: iso(now - 8 * 86_400_000) }),
        event({ at: iso(now + 60_000), position: 2 }), event({ at: iso(now - 6 * 86_400_000), position: 3 }), event({ position: 4 }),
      ],
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 3, dropped: 2 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((m) => m.contentType)).toEqual(["json", "json", "json"]);
    expect(sent[0]!.map((m) => m.body.data.position)).toEqual([2, 3, 4]);
  });

  it("sends nothing when every event is dropped", async () => {
    const { sent, queue } = recordingQueue();
    const res = await appWith({ SEARCH_EVENTS: queue })({ events: [event({ at: iso(Date.now() - 30 * 86_400_000) })] });
    expect(await res.json()).toEqual({ accepted: 0, dropped: 1 });
    expect(sent).toHaveLength(0);
  });

  it("gives a resent event the same id: the client's event_id, else a hash of search, type, product and position", async () => {
    const { sent, queue } = recordingQueue();
    const send = appWith({ SEARCH_EVENTS: queue });
    const eventId = crypto.randomUUID();
    const body = { events: [event(), event({ event_id: eventId.toUpperCase() }), event({ position: 2 }), event({ type: "purchase" })] };
    await send(body);
    await send({ events: body.events.map((e) => ({ ...e, at: iso(Date.now() - 1000) })) });
    const [first, second] = sent.map((batch) => batch.map((m) => m.body.id));
    expect(second).toEqual(first);
    expect(first![1]).toBe(eventId);
    expect(first![0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(first).size).toBe(4); // position and type are part of the identity
  });

  it("answers 503 dependency_unavailable when the queue refuses the batch", async () => {
    const res = await appWith({ SEARCH_EVENTS: { sendBatch: async () => { throw new Error("queue down"); } } })({ events: [event()] });
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toMatchObject({ type: "unavailable", code: "dependency_unavailable" });
  });
});

describe("POST /api/v1/events: rate limit", () => {
  it("consults EVENTS_RATE_LIMITER per client address and answers 429 with Retry-After", async () => {
    const keys: string[] = [];
    const limiter = { limit: async ({ key }: { key: string }) => (keys.push(key), { success: false }) };
    const res = await appWith({ EVENTS_RATE_LIMITER: limiter })({ events: [event()] }, "203.0.113.99");
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(await errorOf(res)).toMatchObject({ type: "rate_limited", code: "too_many_requests" });
    expect(keys).toEqual(["events:203.0.113.99"]);
  });

  it("lets 60 requests a minute through from one address, then 429; other addresses unaffected", { timeout: 30_000 }, async () => {
    // The limiter's windows are aligned to the wall clock: start early in a minute.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await sleep(60_000 - intoMinute + 50);
    const ip = "192.0.2.61";
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await post({ events: [event({ position: (i % 1000) + 1 })] }, { "CF-Connecting-IP": ip })).status);
    expect(statuses.slice(0, 60).every((s) => s === 202)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect((await post({ events: [event()] })).status).toBe(202);
  });
});

describe("POST /api/v1/events: end to end", () => {
  it("reaches product_signals through the queue and its consumer, once per event", { timeout: 30_000 }, async () => {
    const product = `se-api-${Date.now().toString(36)}`;
    await seedProduct(product);
    const body = { events: [event({ product_id: product, type: "impression" }), event({ product_id: product, type: "click" })] };
    expect((await post(body)).status).toBe(202);
    expect((await post(body)).status).toBe(202); // resent: same ids
    const until = Date.now() + 20_000;
    let row: { impressions: number; clicks: number } | null = null;
    while (Date.now() < until && !(row && row.clicks > 0)) {
      await sleep(200);
      row = await env.DB.prepare(`SELECT impressions, clicks FROM product_signals WHERE product_id = ?`).bind(product).first();
    }
    await sleep(500); // let a second delivery land, if there were one
    row = await env.DB.prepare(`SELECT impressions, clicks FROM product_signals WHERE product_id = ?`).bind(product).first();
    expect(row).toEqual({ impressions: 1, clicks: 1 });
  });
});
