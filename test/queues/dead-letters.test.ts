// The dead-letter consumer: every dead message recorded once (with its source queue and, for an
// envelope, the event id and type), acked; a D1 failure retried. Replay sends the stored body
// back to the right producer (fake producers in a copied env) and counts it.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { handleDeadLetters } from "../../queues/dead-letters";
import { findDeadLetter, replayDeadLetter } from "../../workers/dead-letters/dead-letters.repo";
import { DEAD_LETTER_ID_PATTERN } from "../../workers/dead-letters/schemas";
import worker from "../../workers/index";
import { notification, orderEvent } from "../../workers/shared/events";

let n = 0;
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++n}`;

const batchOf = (queue: string, messages: { id: string; body: unknown }[]) =>
  createMessageBatch(
    queue,
    messages.map((m) => ({ ...m, timestamp: new Date(), attempts: 1 })),
  );

const run = async (e: Cloudflare.Env, batch: MessageBatch<unknown>) => {
  const ctx = createExecutionContext();
  await handleDeadLetters(batch, e);
  return getQueueResult(batch, ctx);
};

/** A copied env whose producers record what they are sent. */
const recordingEnv = () => {
  const sent: { queue: string; body: unknown; options?: QueueSendOptions }[] = [];
  const producer = (queue: string) => ({
    send: async (body: unknown, options?: QueueSendOptions) => void sent.push({ queue, body, options }),
  });
  return {
    env: { ...env, ORDER_EVENTS: producer("order-events"), NOTIFICATIONS: producer("notifications") } as unknown as Cloudflare.Env,
    sent,
  };
};

describe("dead-letter consumer", () => {
  it("records an order event with its source queue, event id and type, and acks", async () => {
    const id = uid("dlq");
    const event = orderEvent(
      "PaymentCompleted",
      { orderId: "112-0000001-0000001", chargeId: "ch_1", amountMinor: 100, currency: "GBP" },
      1_000,
    );
    const batch = batchOf("order-events-dlq", [{ id, body: event }]);
    const result = await run(env, batch);
    expect(result.explicitAcks).toEqual([id]);
    expect(await findDeadLetter(env.DB, id)).toMatchObject({
      id,
      sourceQueue: "order-events",
      eventId: event.id,
      eventType: "PaymentCompleted",
      body: JSON.stringify(event),
      receivedAt: expect.any(Number),
      replayedAt: null,
      replayCount: 0,
    });
  });

  it("records a body that is not an envelope without an event id or type", async () => {
    const id = uid("dlq");
    await run(env, batchOf("notifications-dlq", [{ id, body: "garbage" }]));
    expect(await findDeadLetter(env.DB, id)).toMatchObject({
      sourceQueue: "notifications",
      eventId: null,
      eventType: null,
      body: '"garbage"',
    });
  });

  it("is idempotent: a redelivered dead letter keeps its first record", async () => {
    const id = uid("dlq");
    await run(env, batchOf("notifications-dlq", [{ id, body: { first: true } }]));
    const first = await findDeadLetter(env.DB, id);
    const again = await run(env, batchOf("notifications-dlq", [{ id, body: { first: false } }]));
    expect(again.explicitAcks).toEqual([id]);
    expect(await findDeadLetter(env.DB, id)).toEqual(first);
  });

  it("retries when D1 fails", async () => {
    const id = uid("dlq");
    const broken = {
      ...env,
      DB: {
        prepare: () => {
          throw new Error("D1 unavailable");
        },
      },
    } as unknown as Cloudflare.Env;
    const result = await run(broken, batchOf("order-events-dlq", [{ id, body: {} }]));
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: id }]);
  });

  it("is reached through the Worker's queue handler for both dead-letter queues", async () => {
    const a = uid("dlq");
    const b = uid("dlq");
    for (const [queue, id] of [
      ["order-events-dlq", a],
      ["notifications-dlq", b],
    ] as const) {
      const batch = batchOf(queue, [{ id, body: { queue } }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([id]);
    }
    expect((await findDeadLetter(env.DB, a))?.sourceQueue).toBe("order-events");
    expect((await findDeadLetter(env.DB, b))?.sourceQueue).toBe("notifications");
  });

  it("records what the notifications consumer dead-letters through the real queue", async () => {
    // Miniflare delivers notifications-dlq to this Worker's queue handler (max_batch_timeout 1 s).
    const marker = uid("poison");
    await env.NOTIFICATIONS_DLQ.send({ marker }, { contentType: "v8" });
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare(`SELECT id, source_queue, body FROM dead_letters WHERE body LIKE ?`).bind(`%${marker}%`).first();
        // The API's id pattern must accept the runtime's own message ids.
        expect(row).toEqual({
          id: expect.stringMatching(DEAD_LETTER_ID_PATTERN),
          source_queue: "notifications",
          body: JSON.stringify({ marker }),
        });
      },
      { timeout: 10_000, interval: 200 },
    );
  });
});

describe("replayDeadLetter", () => {
  it("sends the stored body back to its source queue as JSON and counts every replay", async () => {
    const ids = { events: uid("dlq"), notify: uid("dlq") };
    const event = orderEvent("OrderCreated", { orderId: "112-0000002-0000002" }, 2_000);
    const notify = notification("112-0000002-0000002", "shipped", 2_000);
    await run(env, batchOf("order-events-dlq", [{ id: ids.events, body: event }]));
    await run(env, batchOf("notifications-dlq", [{ id: ids.notify, body: notify }]));

    const fake = recordingEnv();
    const first = await replayDeadLetter(fake.env, ids.events, 10_000);
    expect(first).toMatchObject({ replayCount: 1, replayedAt: 10_000 });
    expect(fake.sent).toEqual([{ queue: "order-events", body: event, options: { contentType: "json" } }]);

    await replayDeadLetter(fake.env, ids.notify, 11_000);
    const twice = await replayDeadLetter(fake.env, ids.notify, 12_000);
    expect(twice).toMatchObject({ sourceQueue: "notifications", replayCount: 2, replayedAt: 12_000 });
    expect(fake.sent.slice(1)).toEqual([
      { queue: "notifications", body: notify, options: { contentType: "json" } },
      { queue: "notifications", body: notify, options: { contentType: "json" } },
    ]);
  });

  it("answers null for an unknown id and sends nothing", async () => {
    const fake = recordingEnv();
    expect(await replayDeadLetter(fake.env, uid("missing"), 1)).toBeNull();
    expect(fake.sent).toEqual([]);
  });

  it("does not count a replay the queue refused", async () => {
    const id = uid("dlq");
    await run(env, batchOf("order-events-dlq", [{ id, body: { x: 1 } }]));
    const refusing = {
      ...env,
      ORDER_EVENTS: {
        send: async () => {
          throw new Error("queue down");
        },
      },
    } as unknown as Cloudflare.Env;
    await expect(replayDeadLetter(refusing, id, 1)).rejects.toMatchObject({ type: "unavailable", code: "dependency_unavailable" });
    expect(await findDeadLetter(env.DB, id)).toMatchObject({ replayCount: 0, replayedAt: null });
  });
});
