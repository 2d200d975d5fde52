// The OrderTrackerDO through its binding: broadcast to every socket, the per-order filter, replay
// with `since`, stale and repeated updates, the bound and the expiry alarm, sockets that close,
// and sockets that outlive an eviction (hibernation).
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderUpdate } from "../../workers/tracking/publish";
import { connectUrl, MAX_REMEMBERED_ORDERS, REPLAY_RETENTION_MS, USED_TICKET_GRACE_MS } from "../../workers/tracking/tracking";

let n = 0;
const freshTracker = () => env.ORDER_TRACKER.getByName(`usr_test${n++}_${crypto.randomUUID()}`);
type Tracker = ReturnType<typeof freshTracker>;
const update = (orderId: string, status: string, at: number, reason: string | null = null): OrderUpdate => ({
  orderId,
  status,
  reason,
  at,
});

/** Opens a socket on `tracker`; returns its frames as they arrive and ways to wait for them. */
const open = async (tracker: Tracker, opts: { orderId?: string; since?: number } = {}) => {
  const res = await tracker.fetch(connectUrl({ orderId: opts.orderId ?? null, since: opts.since ?? null }), {
    headers: { Upgrade: "websocket" },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const frames: string[] = [];
  let closed = false;
  let wake = () => {};
  ws.addEventListener("message", (e) => {
    frames.push(e.data as string);
    wake();
  });
  ws.addEventListener("close", () => {
    closed = true;
    wake();
  });
  ws.accept();
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
  const messages = () => frames.filter((f) => f !== "pong").map((f) => JSON.parse(f) as Record<string, unknown>);
  return {
    ws,
    frames,
    /** Every message sent before now (a ping's pong comes after them on the same socket). */
    settled: async () => {
      const pongs = frames.filter((f) => f === "pong").length;
      ws.send("ping");
      await waitFor(() => frames.filter((f) => f === "pong").length > pongs);
      return messages();
    },
    close: async () => {
      ws.close(1000, "bye");
      await waitFor(() => closed);
    },
  };
};

const statuses = (messages: Record<string, unknown>[]) =>
  messages.filter((m) => m.type === "order_status").map((m) => `${m.order_id}:${m.status}`);

describe("OrderTrackerDO sockets", () => {
  it("greets a new socket with ready and nothing else", async () => {
    const page = await open(freshTracker());
    expect(await page.settled()).toEqual([{ type: "ready" }]);
  });

  it("answers ping with pong by the runtime's auto-response, without waking the object", async () => {
    const tracker = freshTracker();
    const page = await open(tracker);
    await page.settled();
    await page.settled();
    expect(page.frames).toEqual([JSON.stringify({ type: "ready" }), "pong", "pong"]);
    const answered = await runInDurableObject(tracker, (_i, state) => state.getWebSocketAutoResponseTimestamp(state.getWebSockets()[0]!));
    expect(answered).toBeInstanceOf(Date);
  });

  it("publishes to every open socket and returns how many it reached", async () => {
    const tracker = freshTracker();
    const pages = await Promise.all([open(tracker), open(tracker), open(tracker)]);
    const at = Date.parse("2026-11-01T10:00:00Z");
    expect(await tracker.publish(update("112-0000001-0000001", "PAID", at))).toBe(3);
    for (const page of pages) {
      expect(await page.settled()).toEqual([
        { type: "ready" },
        { type: "order_status", order_id: "112-0000001-0000001", status: "PAID", reason: null, at: "2026-11-01T10:00:00.000Z" },
      ]);
    }
  });

  it("sends a socket opened for one order only that order's updates", async () => {
    const tracker = freshTracker();
    const [all, orderA, orderB] = await Promise.all([open(tracker), open(tracker, { orderId: "A" }), open(tracker, { orderId: "B" })]);
    expect(await tracker.publish(update("A", "PAID", 1))).toBe(2);
    expect(await tracker.publish(update("C", "PAID", 2))).toBe(1);
    expect(statuses(await all.settled())).toEqual(["A:PAID", "C:PAID"]);
    expect(statuses(await orderA.settled())).toEqual(["A:PAID"]);
    expect(statuses(await orderB.settled())).toEqual([]);
  });

  it("drops sockets that closed", async () => {
    const tracker = freshTracker();
    const [stays, leaves] = await Promise.all([open(tracker), open(tracker)]);
    await leaves.close();
    expect(await tracker.publish(update("A", "PAID", 1))).toBe(1);
    expect(statuses(await stays.settled())).toEqual(["A:PAID"]);
    expect(await runInDurableObject(tracker, (_i, state) => state.getWebSockets().length)).toBe(1);
  });

  it("keeps sockets and their order filter across an eviction (hibernation): nothing lives in instance fields", async () => {
    const tracker = freshTracker();
    const [all, orderA] = await Promise.all([open(tracker), open(tracker, { orderId: "A" })]);
    await tracker.publish(update("A", "PAID", 1));
    await evictDurableObject(tracker); // hibernates the sockets, drops the instance
    expect(await tracker.publish(update("B", "PAID", 2))).toBe(1);
    expect(await tracker.publish(update("A", "SHIPPED", 3))).toBe(2);
    expect(statuses(await all.settled())).toEqual(["A:PAID", "B:PAID", "A:SHIPPED"]);
    expect(statuses(await orderA.settled())).toEqual(["A:PAID", "A:SHIPPED"]);
  });

  it("answers anything but a WebSocket upgrade with 426", async () => {
    const res = await freshTracker().fetch(connectUrl({ orderId: null, since: null }));
    expect(res.status).toBe(426);
    await res.body?.cancel();
  });
});

describe("OrderTrackerDO replay", () => {
  it("replays, after ready, each order's latest update changed after `since`, oldest first", async () => {
    const tracker = freshTracker();
    await tracker.publish(update("A", "PENDING_PAYMENT", 100));
    await tracker.publish(update("B", "PAID", 200));
    await tracker.publish(update("A", "PAID", 300));
    await tracker.publish(update("C", "PAID", 150));
    const page = await open(tracker, { since: 150 });
    const got = await page.settled();
    expect(got[0]).toEqual({ type: "ready" });
    expect(statuses(got)).toEqual(["B:PAID", "A:PAID"]);
    expect(statuses(await (await open(tracker, { since: 0, orderId: "C" })).settled())).toEqual(["C:PAID"]);
    expect(statuses(await (await open(tracker)).settled())).toEqual([]); // no since, no replay
  });

  it("ignores an update older than, or a repeat of, the one it holds for that order", async () => {
    const tracker = freshTracker();
    const page = await open(tracker);
    expect(await tracker.publish(update("A", "SHIPPED", 500))).toBe(1);
    expect(await tracker.publish(update("A", "PAID", 400))).toBe(0); // arrived late
    expect(await tracker.publish(update("A", "SHIPPED", 500))).toBe(0); // delivered twice
    expect(statuses(await page.settled())).toEqual(["A:SHIPPED"]);
    expect(statuses(await (await open(tracker, { since: 0 })).settled())).toEqual(["A:SHIPPED"]);
  });

  it(`remembers only the ${MAX_REMEMBERED_ORDERS} most recently changed orders`, async () => {
    const tracker = freshTracker();
    for (let i = 0; i < MAX_REMEMBERED_ORDERS + 5; i++) await tracker.publish(update(`O${i}`, "PAID", 1000 + i));
    const replayed = statuses(await (await open(tracker, { since: 0 })).settled());
    expect(replayed).toHaveLength(MAX_REMEMBERED_ORDERS);
    expect(replayed[0]).toBe("O5:PAID");
    expect(replayed.at(-1)).toBe(`O${MAX_REMEMBERED_ORDERS + 4}:PAID`);
  });

  it("ignores a malformed update (logged, not thrown: the channel is best effort)", async () => {
    const tracker = freshTracker();
    const page = await open(tracker);
    expect(await tracker.publish({ orderId: "A", status: "", reason: null, at: 1 })).toBe(0);
    expect(await tracker.publish({ orderId: "A", status: "PAID", reason: null, at: 1.5 })).toBe(0);
    expect(await tracker.publish({ orderId: "", status: "PAID", reason: null, at: 1 })).toBe(0);
    expect(statuses(await page.settled())).toEqual([]);
  });
});

describe("OrderTrackerDO tickets", () => {
  const usedTickets = (tracker: Tracker) =>
    runInDurableObject(tracker, (_i, state) =>
      state.storage.sql
        .exec<{ ticket_id: string }>(`SELECT ticket_id FROM used_tickets ORDER BY ticket_id`)
        .toArray()
        .map((r) => r.ticket_id),
    );

  it("lets a ticket id in once: the second claim is refused, another id is not", async () => {
    const tracker = freshTracker();
    const exp = Date.now() + 60_000;
    expect(await tracker.claimTicket("ticket-aaaaaaaaaaaa", exp)).toBe(true);
    expect(await tracker.claimTicket("ticket-aaaaaaaaaaaa", exp)).toBe(false);
    expect(await tracker.claimTicket("ticket-bbbbbbbbbbbb", exp)).toBe(true);
  });

  it("of many claims racing for one id, exactly one wins", async () => {
    const tracker = freshTracker();
    const exp = Date.now() + 60_000;
    const wins = await Promise.all(Array.from({ length: 8 }, () => tracker.claimTicket("ticket-racing-0000", exp)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("remembers a used id past its expiry (the grace), then the alarm forgets it and empties the object", async () => {
    const tracker = freshTracker();
    const exp = Date.now() + 60_000;
    await tracker.claimTicket("ticket-cccccccccccc", exp);
    expect(await runInDurableObject(tracker, (_i, state) => state.storage.getAlarm())).toBe(exp + USED_TICKET_GRACE_MS);
    expect(await runDurableObjectAlarm(tracker)).toBe(true); // early (the test runs it now): nothing expired yet
    expect(await usedTickets(tracker)).toEqual(["ticket-cccccccccccc"]);
    expect(await tracker.claimTicket("ticket-cccccccccccc", exp)).toBe(false);
    // Pretend its time has passed.
    await runInDurableObject(tracker, (_i, state) => void state.storage.sql.exec(`UPDATE used_tickets SET keep_until = ?`, Date.now() - 1));
    expect(await runDurableObjectAlarm(tracker)).toBe(true);
    expect(
      await runInDurableObject(
        tracker,
        (_i, state) =>
          state.storage.sql
            .exec(`SELECT name FROM sqlite_master WHERE type = 'table'`)
            .toArray()
            .filter((r) => !String(r.name).startsWith("_cf")).length,
      ),
    ).toBe(0);
  });

  it("keeps replayable updates when a ticket's alarm comes first, and re-arms for them", async () => {
    const tracker = freshTracker();
    const now = Date.now();
    await tracker.publish(update("KEEP", "PAID", now));
    await tracker.claimTicket("ticket-dddddddddddd", now + 60_000);
    expect(await runInDurableObject(tracker, (_i, state) => state.storage.getAlarm())).toBe(now + 60_000 + USED_TICKET_GRACE_MS);
    await runInDurableObject(tracker, (_i, state) => void state.storage.sql.exec(`UPDATE used_tickets SET keep_until = ?`, Date.now() - 1));
    expect(await runDurableObjectAlarm(tracker)).toBe(true);
    expect(await usedTickets(tracker)).toEqual([]);
    expect(statuses(await (await open(tracker, { since: 0 })).settled())).toEqual(["KEEP:PAID"]);
    expect(await runInDurableObject(tracker, (_i, state) => state.storage.getAlarm())).toBe(now + REPLAY_RETENTION_MS);
  });
});

describe("OrderTrackerDO expiry alarm", () => {
  const tables = (tracker: Tracker) =>
    runInDurableObject(
      tracker,
      (_i, state) =>
        state.storage.sql.exec<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'last_updates'`).toArray()
          .length,
    );
  /** Pretends every remembered update happened `ms` earlier. */
  const ageBy = (tracker: Tracker, ms: number) =>
    runInDurableObject(tracker, (_i, state) => void state.storage.sql.exec(`UPDATE last_updates SET at = at - ?`, ms));

  it("stores nothing for a page that connects and never sees an update", async () => {
    const tracker = freshTracker();
    await (await open(tracker, { since: 0 })).settled();
    expect(await tables(tracker)).toBe(0);
  });

  it("forgets updates past the replay window and keeps the rest, re-armed", async () => {
    const tracker = freshTracker();
    const now = Date.now();
    await tracker.publish(update("OLD", "PAID", now));
    await ageBy(tracker, REPLAY_RETENTION_MS + 1000);
    await tracker.publish(update("NEW", "PAID", now));
    expect(await runDurableObjectAlarm(tracker)).toBe(true);
    expect(statuses(await (await open(tracker, { since: 0 })).settled())).toEqual(["NEW:PAID"]);
    expect(await runInDurableObject(tracker, (_i, state) => state.storage.getAlarm())).toBe(now + REPLAY_RETENTION_MS);
  });

  it("empties the object once nothing is left to replay", async () => {
    const tracker = freshTracker();
    await tracker.publish(update("A", "PAID", Date.now()));
    await ageBy(tracker, REPLAY_RETENTION_MS + 1000);
    expect(await runDurableObjectAlarm(tracker)).toBe(true);
    expect(await tables(tracker)).toBe(0);
    expect(await runDurableObjectAlarm(tracker)).toBe(false);
    // And it starts again on the next publish.
    const page = await open(tracker);
    expect(await tracker.publish(update("B", "PAID", Date.now()))).toBe(1);
    expect(statuses(await page.settled())).toEqual(["B:PAID"]);
  });
});
