// POST /api/v1/events: strict validation (no `purchase`), 202 with accepted/dropped/rejected,
// forged events (unsigned, tampered, expired, or naming a product the search did not show)
// never queued and never moving a score, stable dedup ids, 503 when the queue refuses, the
// per-address rate limit (IPv6 by /64), and the events reaching product_signals through the real
// queue and consumer.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../workers/app";
import { mintSearchId } from "../../workers/search/search-id";
import { recomputeSignals } from "../../workers/search/signals.repo";
import type { SearchEventMessage } from "../../workers/search-events/events";
import { raw, register } from "../helpers/client";
import { seedProduct, sleep } from "../helpers/stock";

const PATH = "/api/v1/events";
const post = (body: unknown, headers: Record<string, string> = {}) => raw("POST", PATH, { body: JSON.stringify(body), headers });
/** A search answer that showed 85123A at positions 1-5 (signed as the search route signs). */
const SEARCH = await mintSearchId(env.JWT_SECRET, Date.now(), 0, Array(5).fill("85123A"));
const event = (extra: Record<string, unknown> = {}) => ({ type: "click", search_id: SEARCH, product_id: "85123A", position: 1, ...extra });
const iso = (ms: number) => new Date(ms).toISOString();

/** The app over a copied env (a recording or failing queue, a fake limiter). */
const appWith = (overrides: Partial<Record<"SEARCH_EVENTS" | "EVENTS_RATE_LIMITER", unknown>>) => {
  const e = { ...env, ...overrides } as unknown as Cloudflare.Env;
  return (body: unknown, ip = "203.0.113.7") =>
    createApp().request(
      PATH,
      { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip } },
      e,
      createExecutionContext(),
    );
};
const recordingQueue = () => {
  const sent: { body: SearchEventMessage; contentType?: string }[][] = [];
  return { sent, queue: { sendBatch: async (msgs: { body: SearchEventMessage; contentType?: string }[]) => void sent.push(msgs) } };
};

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { type: string; code: string; details?: { path: string }[] } }).error;

describe("POST /api/v1/events: validation", () => {
  it.each([
    ["no events", { events: [] }, "json.events"],
    ["51 events", { events: Array.from({ length: 51 }, () => event()) }, "json.events"],
    ["an unknown type", { events: [event({ type: "hover" })] }, "json.events.0.type"],
    ["a search_id with other characters", { events: [event({ search_id: "abc/def" })] }, "json.events.0.search_id"],
    ["a search_id of 300 characters", { events: [event({ search_id: "a".repeat(300) })] }, "json.events.0.search_id"],
    ["a purchase (counted from paid orders, not reported)", { events: [event({ type: "purchase" })] }, "json.events.0.type"],
    ["no position", { events: [event({ position: undefined })] }, "json.events.0.position"],
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
    if (_what.startsWith("a purchase"))
      expect((error as unknown as { message: string; details: { message: string }[] }).details[0]!.message).toMatch(/paid orders/);
    expect(error.details!.some((d) => d.path === field || d.path.startsWith(`${field}.`))).toBe(true);
  });
});

describe("POST /api/v1/events: accepting", () => {
  it("answers 202 with accepted and dropped, anonymous or signed in", async () => {
    const res = await post({ events: [event(), event({ type: "impression", position: 2 })] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 2, dropped: 0, rejected: 0 });
    const customer = await register();
    const signedIn = await post({ events: [event()] }, { Authorization: `Bearer ${customer.token}` });
    expect(signedIn.status).toBe(202);
  });

  it("drops events over 5 minutes ahead or over 7 days old, and queues the rest as JSON", async () => {
    const { sent, queue } = recordingQueue();
    const now = Date.now();
    const res = await appWith({ SEARCH_EVENTS: queue })({
      events: [
        event({ at: iso(now + 10 * 60_000) }),
        event({ at: iso(now - 8 * 86_400_000) }),
        event({ at: iso(now + 60_000), position: 2 }),
        event({ at: iso(now - 6 * 86_400_000), position: 3 }),
        event({ position: 4 }),
      ],
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 3, dropped: 2, rejected: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((m) => m.contentType)).toEqual(["json", "json", "json"]);
    expect(sent[0]!.map((m) => m.body.data.position)).toEqual([2, 3, 4]);
  });

  it("sends nothing when every event is dropped", async () => {
    const { sent, queue } = recordingQueue();
    const res = await appWith({ SEARCH_EVENTS: queue })({ events: [event({ at: iso(Date.now() - 30 * 86_400_000) })] });
    expect(await res.json()).toEqual({ accepted: 0, dropped: 1, rejected: 0 });
    expect(sent).toHaveLength(0);
  });

  it("gives an event one id per search answer, type and result, whatever event_id the client made up", async () => {
    const { sent, queue } = recordingQueue();
    const send = appWith({ SEARCH_EVENTS: queue });
    const body = { events: [event(), event({ position: 2 }), event({ type: "impression" })] };
    await send(body);
    await send({ events: body.events.map((e) => ({ ...e, event_id: crypto.randomUUID(), at: iso(Date.now() - 1000) })) });
    const [first, second] = sent.map((batch) => batch.map((m) => m.body.id));
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(3); // position and type are part of the identity
    // Repeats within one request are sent once.
    const res = await send({ events: [event(), event({ event_id: crypto.randomUUID() })] });
    expect(await res.json()).toEqual({ accepted: 1, dropped: 0, rejected: 0 });
  });

  it("answers 503 dependency_unavailable when the queue refuses the batch", async () => {
    const res = await appWith({
      SEARCH_EVENTS: {
        sendBatch: async () => {
          throw new Error("queue down");
        },
      },
    })({ events: [event()] });
    expect(res.status).toBe(503);
    expect(await errorOf(res)).toMatchObject({ type: "unavailable", code: "dependency_unavailable" });
  });
});

describe("POST /api/v1/events: rate limit", () => {
  it("consults EVENTS_RATE_LIMITER per client address and answers 429 with Retry-After", async () => {
    const keys: string[] = [];
    const limiter = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success: false };
      },
    };
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
    for (let i = 0; i < 61; i++)
      statuses.push((await post({ events: [event({ position: (i % 1000) + 1 })] }, { "CF-Connecting-IP": ip })).status);
    expect(statuses.slice(0, 60).every((s) => s === 202)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect((await post({ events: [event()] })).status).toBe(202);
  });

  it("puts two addresses of one IPv6 /64 in one bucket: the second is refused once the first used the minute's 60", {
    timeout: 30_000,
  }, async () => {
    const keys: string[] = [];
    const recording = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success: true };
      },
    };
    const send = appWith({ EVENTS_RATE_LIMITER: recording });
    for (const ip of ["2001:db8:5:6::1", "2001:db8:5:6:ffff:ffff:ffff:fffe", "2001:db8:5:7::1"]) await send({ events: [event()] }, ip);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    // The real limiter: its windows are aligned to the wall clock, so start early in a minute.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await sleep(60_000 - intoMinute + 50);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await post({ events: [event()] }, { "CF-Connecting-IP": "2001:db8:9:9::1" })).status);
    expect(statuses.every((s) => s === 202)).toBe(true);
    const sibling = await post({ events: [event()] }, { "CF-Connecting-IP": "2001:db8:9:9:abcd::42" });
    expect(sibling.status).toBe(429);
    expect(sibling.headers.get("Retry-After")).toBe("60");
    expect((await post({ events: [event()] }, { "CF-Connecting-IP": "2001:db8:9:a::1" })).status).toBe(202);
  });
});

describe("POST /api/v1/events: forged events", () => {
  const b64url = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  /** The nonce a search id carries (bytes 7-14), as the marks table keys it. */
  const nonceOf = (id: string) =>
    [...Uint8Array.from(atob(id.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)).slice(7, 15)]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
  const flip = (id: string, at: number) => id.slice(0, at) + (id[at] === "A" ? "B" : "A") + id.slice(at + 1);

  /** 150 events that must not count: every way of naming a product a search did not show to this caller. */
  const forgeries = async (shown: string, target: string) => {
    const now = Date.now();
    const real = await mintSearchId(env.JWT_SECRET, now, 0, [shown]);
    const expired = await mintSearchId(env.JWT_SECRET, now - 25 * 3_600_000, 0, [target]);
    const otherKey = await mintSearchId("another-secret-of-thirty-two-characters", now, 0, [target]);
    const kinds = ["impression", "click", "add_to_cart"] as const;
    return Array.from({ length: 150 }, (_, i) => {
      const type = kinds[i % 3]!;
      const e = { type, product_id: target, position: 1 };
      switch (i % 10) {
        case 0:
          return { ...e, search_id: crypto.randomUUID() };
        case 1:
          return { ...e, search_id: b64url(crypto.getRandomValues(new Uint8Array(19))) }; // random, right length
        case 2:
          return { ...e, search_id: real }; // a real search that did not show it
        case 3:
          return { ...e, search_id: real, product_id: shown, position: 2 }; // shown, not at that position
        case 4:
          return { ...e, search_id: flip(real, real.length - 2) }; // tampered tag
        case 5:
          return { ...e, search_id: flip(real, 3) }; // tampered issue time
        case 6:
          return { ...e, search_id: expired };
        case 7:
          return { ...e, search_id: otherKey };
        case 8:
          return { ...e, search_id: real, position: 1 + (i % 50) };
        default:
          return { ...e, search_id: real.slice(0, -6) }; // truncated
      }
    });
  };

  it("rejects every forgery in the 202 body and queues none of them", async () => {
    const { sent, queue } = recordingQueue();
    const send = appWith({ SEARCH_EVENTS: queue });
    const events = await forgeries("fg-shown", "fg-target");
    for (let i = 0; i < events.length; i += 50) {
      const res = await send({ events: events.slice(i, i + 50) });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ accepted: 0, dropped: 0, rejected: 50 });
    }
    expect(sent).toHaveLength(0);
  });

  it("a burst of forged events and purchases changes no score and leaves at most one row per genuine search", {
    timeout: 30_000,
  }, async () => {
    const stamp = Date.now().toString(36);
    const [shown, target] = [`fg-s-${stamp}`, `fg-t-${stamp}`];
    await seedProduct(shown);
    await seedProduct(target);
    await recomputeSignals(env.DB, Date.now());
    const scores = () =>
      env.DB.prepare(
        `SELECT product_id, impressions, clicks, add_to_carts, purchases, ctr_score, conversion_score FROM product_signals WHERE product_id IN (?, ?) ORDER BY product_id`,
      )
        .bind(shown, target)
        .all();
    // Mark rows of other searches than this file's genuine ones (earlier tests' events may still be arriving).
    const genuine = await mintSearchId(env.JWT_SECRET, Date.now(), 0, [shown]);
    const nonces = [SEARCH, genuine].map(nonceOf);
    const marks = async () =>
      (await env.DB.prepare(`SELECT COUNT(*) AS n FROM search_event_marks WHERE search_nonce NOT IN (?, ?)`)
        .bind(...nonces)
        .first<number>("n"))!;
    const before = { scores: (await scores()).results, marks: await marks() };
    const events = await forgeries(shown, target);
    for (let i = 0; i < events.length; i += 50) expect((await post({ events: events.slice(i, i + 50) })).status).toBe(202);
    const purchase = await post({
      events: [
        { type: "purchase", search_id: await mintSearchId(env.JWT_SECRET, Date.now(), 0, [target]), product_id: target, position: 1 },
      ],
    });
    expect(purchase.status).toBe(400);
    // A genuine impression last: once it is counted, the queue has delivered everything before it.
    expect(
      await (await post({ events: [{ type: "impression", search_id: genuine, product_id: shown, position: 1 }] })).json(),
    ).toMatchObject({ accepted: 1 });
    const until = Date.now() + 20_000;
    while (
      Date.now() < until &&
      (await env.DB.prepare(`SELECT impressions FROM product_signals WHERE product_id = ?`).bind(shown).first<number>("impressions")) !== 1
    )
      await sleep(200);
    await sleep(300);
    await recomputeSignals(env.DB, Date.now());
    const after = (await scores()).results;
    expect(after).toEqual(
      before.scores.map((r) => (r.product_id === shown ? { ...r, impressions: 1, ctr_score: after[0]!.ctr_score } : r)),
    );
    expect(after.find((r) => r.product_id === target)).toMatchObject({
      impressions: 0,
      clicks: 0,
      add_to_carts: 0,
      purchases: 0,
      ctr_score: null,
      conversion_score: null,
    });
    expect(await marks()).toBe(before.marks); // the forgeries left no row
    expect(
      await env.DB.prepare(`SELECT impressions FROM search_event_marks WHERE search_nonce = ?`)
        .bind(nonces[1])
        .first<number>("impressions"),
    ).toBe(1);
  });
});

describe("POST /api/v1/events: end to end", () => {
  it("reaches product_signals through the queue and its consumer, once per event", { timeout: 30_000 }, async () => {
    const product = `se-api-${Date.now().toString(36)}`;
    await seedProduct(product);
    const search = await mintSearchId(env.JWT_SECRET, Date.now(), 0, [product, product]);
    const body = {
      events: [
        event({ product_id: product, type: "impression", search_id: search }),
        event({ product_id: product, type: "click", search_id: search, position: 2 }),
      ],
    };
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
