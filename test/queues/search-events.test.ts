// The search-events consumer: each event counted once into product_signals however often (and
// however concurrently) it is delivered, unknown products skipped, poison and D1 failures
// retried with backoff; and a search-events dead letter replays onto SEARCH_EVENTS.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { handleSearchEvents, searchEventRetryDelay } from "../../queues/search-events";
import { recordDeadLetter, replayDeadLetter } from "../../workers/dead-letters/dead-letters.repo";
import { toMessages, type SearchEventInput, type SearchEventType } from "../../workers/search-events/events";
import { seedProduct } from "../helpers/stock";

let n = 0;
const uid = (prefix: string) => `${prefix}${Date.now().toString(36)}${++n}`;
const SEARCH = crypto.randomUUID();

/** The queue messages the API would send for these events. */
const messagesFor = async (productId: string, types: SearchEventType[], extra: Partial<SearchEventInput> = {}) =>
  (await toMessages(types.map((type, i) => ({ type, searchId: SEARCH, productId, position: i + 1, ...extra })), Date.now())).messages;

const batchOf = (bodies: unknown[], attempts = 1) =>
  createMessageBatch("search-events", bodies.map((body) => ({ id: uid("msg-se-"), timestamp: new Date(), attempts, body })));

/** Runs the consumer and answers getQueueResult plus each retry's delay (left out of the plugin's result). */
const run = async (batch: MessageBatch<unknown>, e: Cloudflare.Env = env) => {
  const delays: (number | undefined)[] = [];
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (options?: QueueRetryOptions) => (delays.push(options?.delaySeconds), retry(options));
  }
  const ctx = createExecutionContext();
  await handleSearchEvents(batch, e);
  return { ...(await getQueueResult(batch, ctx)), delays };
};

type Counters = { impressions: number; clicks: number; add_to_carts: number; purchases: number };
const counters = (productId: string) =>
  env.DB.prepare(`SELECT impressions, clicks, add_to_carts, purchases FROM product_signals WHERE product_id = ?`).bind(productId).first<Counters>();

describe("search-events consumer", () => {
  it("adds each event to its product's counter and acks", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const batch = batchOf(await messagesFor(product, ["impression", "impression", "click", "add_to_cart", "purchase"]));
    const result = await run(batch);
    expect(result.explicitAcks).toHaveLength(5);
    expect(await counters(product)).toEqual({ impressions: 2, clicks: 1, add_to_carts: 1, purchases: 1 });
  });

  it("counts the same batch once when it is delivered twice (event ingestion idempotent under redelivery)", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const bodies = await messagesFor(product, ["impression", "click", "purchase"]);
    await run(batchOf(bodies));
    const again = await run(batchOf(bodies, 2));
    expect(again.explicitAcks).toHaveLength(3);
    expect(await counters(product)).toEqual({ impressions: 1, clicks: 1, add_to_carts: 0, purchases: 1 });
    // Resent by the client without event ids: the same hashed ids, still counted once.
    await run(batchOf(await messagesFor(product, ["impression", "click", "purchase"])));
    expect(await counters(product)).toMatchObject({ impressions: 1, clicks: 1, purchases: 1 });
  });

  it("counts once when duplicate deliveries run at the same time, or come twice in one batch", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const bodies = await messagesFor(product, ["impression", "click"]);
    const results = await Promise.all([1, 2, 3, 4].map(() => run(batchOf([...bodies, ...bodies]))));
    for (const r of results) expect(r.explicitAcks).toHaveLength(4);
    expect(await counters(product)).toEqual({ impressions: 1, clicks: 1, add_to_carts: 0, purchases: 0 });
  });

  it("tells apart events with their own ids, even for the same search, product and position", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const bodies = [
      ...(await messagesFor(product, ["click"], { eventId: crypto.randomUUID() })),
      ...(await messagesFor(product, ["click"], { eventId: crypto.randomUUID() })),
    ];
    await run(batchOf(bodies));
    expect((await counters(product))?.clicks).toBe(2);
  });

  it("skips unknown products (acked, no row) but still counts the batch's known ones", async () => {
    const product = uid("se-p");
    const unknown = uid("se-unknown");
    await seedProduct(product);
    const batch = batchOf([...(await messagesFor(unknown, ["click"])), ...(await messagesFor(product, ["click"]))]);
    const result = await run(batch);
    expect(result.explicitAcks).toHaveLength(2);
    expect(await counters(unknown)).toBeNull();
    expect((await counters(product))?.clicks).toBe(1);
  });

  it("handles a full batch of 100 (two D1 batches under the statement and parameter limits)", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const bodies = await Promise.all(
      Array.from({ length: 100 }, async () => (await messagesFor(product, ["impression"], { eventId: crypto.randomUUID() }))[0]!),
    );
    const result = await run(batchOf(bodies));
    expect(result.explicitAcks).toHaveLength(100);
    expect((await counters(product))?.impressions).toBe(100);
  });

  it("retries poison messages with backoff (they end in search-events-dlq) and acks the rest", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const [good] = await messagesFor(product, ["click"]);
    const poison = [null, "text", { id: "x", type: "hover", occurredAt: 1, data: { searchId: SEARCH, productId: product, position: 1 } }, { ...good, data: { ...good!.data, position: 0 } }];
    const batch = batchOf([...poison, good], 3);
    const result = await run(batch);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(batch.messages.slice(0, 4).map((m) => m.id));
    expect(result.delays).toEqual(Array(4).fill(searchEventRetryDelay(3)));
    expect(result.explicitAcks).toEqual([batch.messages[4]!.id]);
    expect((await counters(product))?.clicks).toBe(1);
  });

  it("retries the events with growing delays when D1 fails, and counts them once when redelivered", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const bodies = await messagesFor(product, ["impression", "click"]);
    const broken = { ...env, DB: { prepare: env.DB.prepare.bind(env.DB), batch: async () => { throw new Error("D1 overloaded"); } } } as unknown as Cloudflare.Env;
    const failed = await run(batchOf(bodies, 2), broken);
    expect(failed.retryMessages).toHaveLength(2);
    expect(failed.delays).toEqual([10, 10]);
    expect(await counters(product)).toBeNull();
    await run(batchOf(bodies, 3));
    expect(await counters(product)).toMatchObject({ impressions: 1, clicks: 1 });
    expect([1, 2, 3, 4, 5, 6, 10].map(searchEventRetryDelay)).toEqual([5, 10, 20, 40, 80, 160, 300]);
  });
});

describe("search-events dead letters", () => {
  it("replay onto the search-events queue", async () => {
    const product = uid("se-p");
    const [body] = await messagesFor(product, ["purchase"]);
    const id = uid("dl-se-");
    await recordDeadLetter(env.DB, { id, sourceQueue: "search-events", eventId: body!.id, eventType: body!.type, body: JSON.stringify(body), receivedAt: Date.now() });
    const sent: unknown[] = [];
    const fake = { ...env, SEARCH_EVENTS: { send: async (b: unknown) => void sent.push(b) } } as unknown as Cloudflare.Env;
    const replayed = await replayDeadLetter(fake, id, Date.now());
    expect(replayed?.replayCount).toBe(1);
    expect(sent).toEqual([body]);
  });
});
