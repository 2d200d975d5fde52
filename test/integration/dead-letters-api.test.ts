// The admin dead-letters API through the Worker: admins only, newest first with a keyset cursor,
// filtered by state, one letter by id, and replay (counted, repeatable; unknown ids 404).
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { handleDeadLetters } from "../../queues/dead-letters";
import { orderEvent } from "../../workers/shared/events";
import { createAdmin } from "../helpers/admin";
import { raw, register } from "../helpers/client";

const BASE = "/api/v1/admin/dead-letters";
let admin: string;

beforeAll(async () => {
  admin = (await createAdmin()).token;
});

const get = (path: string, token = admin) => raw("GET", `${BASE}${path}`, { headers: { Authorization: `Bearer ${token}` } });
const replay = (id: string, token = admin) => raw("POST", `${BASE}/${id}/replay`, { headers: { Authorization: `Bearer ${token}` } });

let n = 0;
/** Records dead letters through the consumer (ids unique to this file run). */
const record = async (queue: "order-events-dlq" | "notifications-dlq", count: number) => {
  const ids = Array.from({ length: count }, () => `api${Date.now().toString(36)}${++n}`);
  const batch = createMessageBatch(
    queue,
    ids.map((id, i) => ({
      id,
      timestamp: new Date(),
      attempts: 1,
      body: orderEvent("OrderCreated", { orderId: `112-0000000-${String(n * 10 + i).padStart(7, "0")}` }, 1),
    })),
  );
  const ctx = createExecutionContext();
  await handleDeadLetters(batch, env);
  await getQueueResult(batch, ctx);
  return ids;
};

type Letter = {
  id: string;
  source_queue: string;
  event_id: string | null;
  event_type: string | null;
  body: unknown;
  received_at: string;
  replayed_at: string | null;
  replay_count: number;
};
type Page = { results: Letter[]; next_page_token: string | null };

describe("admin dead-letters API", () => {
  it("is for admins only: 401 without a token, 403 for customers and sellers", async () => {
    expect((await raw("GET", BASE)).status).toBe(401);
    for (const role of ["customer", "seller"] as const) {
      const { token } = await register(role);
      const list = await get("", token);
      expect(list.status).toBe(403);
      expect(((await list.json()) as { error: { code: string } }).error.code).toBe("insufficient_role");
      expect((await replay("anything", token)).status).toBe(403);
    }
  });

  it("reads one dead letter with its parsed body", async () => {
    const [id] = await record("order-events-dlq", 1);
    const res = await get(`/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const letter = (await res.json()) as Letter;
    expect(letter).toMatchObject({ id, source_queue: "order-events", event_type: "OrderCreated", replayed_at: null, replay_count: 0 });
    expect(letter.body).toMatchObject({ type: "OrderCreated", data: { orderId: expect.any(String) } });
    expect(letter.event_id).toBe((letter.body as { id: string }).id);
    expect(new Date(letter.received_at).toISOString()).toBe(letter.received_at);
  });

  it("answers 404 dead_letter_not_found for an unknown id, on read and replay", async () => {
    for (const res of [await get("/nope-unknown-id"), await replay("nope-unknown-id")]) {
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("dead_letter_not_found");
    }
  });

  it("replays to the source queue, stamping replayed_at and counting each replay", async () => {
    const [id] = await record("order-events-dlq", 1);
    const first = await replay(id!);
    expect(first.status).toBe(200);
    const one = (await first.json()) as { id: string; source_queue: string; replay_count: number; replayed_at: string };
    expect(one).toEqual({ id, source_queue: "order-events", replay_count: 1, replayed_at: expect.any(String) });
    const two = (await (await replay(id!)).json()) as typeof one;
    expect(two.replay_count).toBe(2);
    expect(Date.parse(two.replayed_at)).toBeGreaterThanOrEqual(Date.parse(one.replayed_at));
    expect((await (await get(`/${id}`)).json()) as Letter).toMatchObject({ replay_count: 2, replayed_at: two.replayed_at });
  });

  it("lists newest first in keyset pages and filters by state", async () => {
    const ids = await record("notifications-dlq", 5);
    await replay(ids[1]!);
    const all: Letter[] = [];
    let token: string | null = null;
    do {
      const res = await get(`?state=all&limit=2${token ? `&page_token=${token}` : ""}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      expect(page.results.length).toBeLessThanOrEqual(2);
      all.push(...page.results);
      token = page.next_page_token;
    } while (token);
    // Every letter exactly once, newest first (received_at, then id, descending).
    expect(new Set(all.map((l) => l.id)).size).toBe(all.length);
    expect(all.map((l) => l.id)).toEqual(expect.arrayContaining(ids));
    const keys = all.map((l) => [Date.parse(l.received_at), l.id] as const);
    expect(keys).toEqual([...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0)));

    const open = ((await (await get("?limit=100")).json()) as Page).results.map((l) => l.id);
    const replayed = ((await (await get("?state=replayed&limit=100")).json()) as Page).results.map((l) => l.id);
    expect(open).toEqual(expect.arrayContaining([ids[0], ids[2], ids[3], ids[4]]));
    expect(open).not.toContain(ids[1]);
    expect(replayed).toContain(ids[1]);
    expect(replayed).not.toContain(ids[0]);
  });

  it("refuses a bad state, limit or page token with 400", async () => {
    for (const [query, code] of [
      ["?state=dead", "validation_failed"],
      ["?limit=0", "validation_failed"],
      ["?limit=101", "validation_failed"],
      ["?page_token=abc", "invalid_page_token"],
    ]) {
      const res = await get(query!);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, query).toBe(code);
    }
  });

  // The shared fuzz (validation.test.ts) only holds customer and seller tokens, so it never gets
  // past this API's admin guard: the same malformed inputs, sent as an admin.
  it.each([
    ["spaces", "has%20spaces"],
    ["200 chars", "a".repeat(200)],
    ["unicode", encodeURIComponent("prödüct-☃")],
    ["%00", "%00"],
    ["SQL", encodeURIComponent("' OR 1=1 --")],
    ["a broken percent escape", "%E0%A4%A"],
    ["../ traversal", encodeURIComponent("../../auth/me")],
  ])("refuses a malformed id (%s) with 400, on read and replay", async (_what, id) => {
    for (const res of [await get(`/${id}`), await replay(id)]) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
  });

  it.each(["state=all&state=open", "limit=2&limit=2", "page_token=a&page_token=a", "state=%00", `page_token=${"x".repeat(513)}`])(
    "refuses the query %s with 400, never a 5xx",
    async (query) => {
      const res = await get(`?${query}`);
      expect(res.status).toBe(400);
    },
  );
});
