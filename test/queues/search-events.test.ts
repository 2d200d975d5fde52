// The search-events consumer: each event counted once into product_signals however often (and
// however concurrently) it is delivered, unknown products skipped, poison and D1 failures
// retried with backoff, the marks table bounded (one row per search, a cap, a retention); and a
// search-events dead letter replays onto SEARCH_EVENTS.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { handleSearchEvents, searchEventRetryDelay } from "../../queues/search-events";
import { recordDeadLetter, replayDeadLetter } from "../../workers/dead-letters/dead-letters.repo";
import { mintSearchId } from "../../workers/search/search-id";
import { toMessages, type SearchEventType } from "../../workers/search-events/events";
import { countSearchEvents, MARK_RETENTION_MS, purgeSearchEventMarks } from "../../workers/search-events/search-events.repo";
import { seedProduct } from "../helpers/stock";

let n = 0;
const uid = (prefix: string) => `${prefix}${Date.now().toString(36)}${++n}`;

/**
 * The queue messages the API would send for these events: one search answer (a fresh signed id,
 * unless `searchId` is given) that showed `productId` at positions 1..n, event i at position i + 1.
 */
const messagesFor = async (productId: string, types: SearchEventType[], searchId?: string, now = Date.now()) => {
  const id =
    searchId ??
    (await mintSearchId(
      env.JWT_SECRET,
      now,
      0,
      types.map(() => productId),
    ));
  const { messages, rejected } = await toMessages(
    env.JWT_SECRET,
    types.map((type, i) => ({ type, searchId: id, productId, position: i + 1 })),
    now,
  );
  expect(rejected).toBe(0);
  return messages;
};

const batchOf = (bodies: unknown[], attempts = 1) =>
  createMessageBatch(
    "search-events",
    bodies.map((body) => ({ id: uid("msg-se-"), timestamp: new Date(), attempts, body })),
  );

/** Runs the consumer and answers getQueueResult plus each retry's delay (left out of the plugin's result). */
const run = async (batch: MessageBatch<unknown>, e: Cloudflare.Env = env) => {
  const delays: (number | undefined)[] = [];
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await handleSearchEvents(batch, e);
  return { ...(await getQueueResult(batch, ctx)), delays };
};

type Counters = { impressions: number; clicks: number; add_to_carts: number; purchases: number };
const counters = (productId: string) =>
  env.DB.prepare(`SELECT impressions, clicks, add_to_carts, purchases FROM product_signals WHERE product_id = ?`)
    .bind(productId)
    .first<Counters>();
const markRows = async () => (await env.DB.prepare(`SELECT COUNT(*) AS n FROM search_event_marks`).first<number>("n"))!;

describe("search-events consumer", () => {
  it("adds each event to its product's counter and acks", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const batch = batchOf(await messagesFor(product, ["impression", "impression", "click", "add_to_cart"]));
    const result = await run(batch);
    expect(result.explicitAcks).toHaveLength(4);
    expect(await counters(product)).toEqual({ impressions: 2, clicks: 1, add_to_carts: 1, purchases: 0 });
  });

  it("counts the same batch once when it is delivered twice (event ingestion idempotent under redelivery)", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const searchId = await mintSearchId(env.JWT_SECRET, Date.now(), 0, [product, product]);
    const bodies = await messagesFor(product, ["impression", "click"], searchId);
    await run(batchOf(bodies));
    const again = await run(batchOf(bodies, 2));
    expect(again.explicitAcks).toHaveLength(2);
    expect(await counters(product)).toEqual({ impressions: 1, clicks: 1, add_to_carts: 0, purchases: 0 });
    // Sent again by the client (a new request, so new messages): the same search, still counted once.
    await run(batchOf(await messagesFor(product, ["impression", "click"], searchId)));
    expect(await counters(product)).toMatchObject({ impressions: 1, clicks: 1 });
  });

  it("counts once when duplicate deliveries run at the same time, or come twice in one batch", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const bodies = await messagesFor(product, ["impression", "click"]);
    const results = await Promise.all([1, 2, 3, 4].map(() => run(batchOf([...bodies, ...bodies]))));
    for (const r of results) expect(r.explicitAcks).toHaveLength(4);
    expect(await counters(product)).toEqual({ impressions: 1, clicks: 1, add_to_carts: 0, purchases: 0 });
  });

  it("counts a click once per search answer, and again for another answer (another search id)", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const bodies = [...(await messagesFor(product, ["click"])), ...(await messagesFor(product, ["click"]))];
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
    const bodies = await Promise.all(Array.from({ length: 100 }, async () => (await messagesFor(product, ["impression"]))[0]!));
    const result = await run(batchOf(bodies));
    expect(result.explicitAcks).toHaveLength(100);
    expect((await counters(product))?.impressions).toBe(100);
  });

  it("retries poison messages with backoff (they end in search-events-dlq) and acks the rest", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const [good] = await messagesFor(product, ["click"]);
    const purchase = { ...good, type: "purchase" }; // no longer an event kind: never counted
    const poison = [null, "text", purchase, { ...good, data: { ...good!.data, position: 0 } }];
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
    const broken = {
      ...env,
      DB: {
        prepare: env.DB.prepare.bind(env.DB),
        batch: async () => {
          throw new Error("D1 overloaded");
        },
      },
    } as unknown as Cloudflare.Env;
    const failed = await run(batchOf(bodies, 2), broken);
    expect(failed.retryMessages).toHaveLength(2);
    expect(failed.delays).toEqual([10, 10]);
    expect(await counters(product)).toBeNull();
    await run(batchOf(bodies, 3));
    expect(await counters(product)).toMatchObject({ impressions: 1, clicks: 1 });
    expect([1, 2, 3, 4, 5, 6, 10].map(searchEventRetryDelay)).toEqual([5, 10, 20, 40, 80, 160, 300]);
  });
});

describe("search-events marks: bounded storage", () => {
  it("keeps one mark row per search answer, however many of its results and types are reported", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const before = await markRows();
    const types: SearchEventType[] = Array.from({ length: 50 }, (_, i) => (["impression", "click", "add_to_cart"] as const)[i % 3]!);
    await run(batchOf(await messagesFor(product, types)));
    expect(await markRows()).toBe(before + 1);
    expect(await counters(product)).toMatchObject({ impressions: 17, clicks: 17, add_to_carts: 16 });
  });

  it("counts nothing for a new search once the rows reach the cap, while searches already marked still count", async () => {
    const [a, b] = [uid("se-p"), uid("se-p")];
    await seedProduct(a);
    await seedProduct(b);
    const now = Date.now();
    const marked = await messagesFor(a, ["impression", "click"]);
    expect(await countSearchEvents(env.DB, marked.slice(0, 1), now)).toBe(1);
    const cap = await markRows(); // the table is full from here on
    expect(await countSearchEvents(env.DB, await messagesFor(b, ["impression"]), now, cap)).toBe(0);
    expect(await countSearchEvents(env.DB, marked.slice(1), now, cap)).toBe(1);
    expect(await markRows()).toBe(cap);
    expect(await counters(b)).toBeNull();
    expect(await counters(a)).toMatchObject({ impressions: 1, clicks: 1 });
  });

  it("forgets marks after the retention, and then skips events of searches that old (they could count twice)", async () => {
    const product = uid("se-p");
    await seedProduct(product);
    const t0 = Date.now();
    const bodies = await messagesFor(product, ["click"], undefined, t0);
    expect(await countSearchEvents(env.DB, bodies, t0)).toBe(1);
    const later = t0 + MARK_RETENTION_MS + 60_000;
    expect(await purgeSearchEventMarks(env.DB, later)).toBeGreaterThanOrEqual(1);
    expect(
      await env.DB.prepare(`SELECT 1 FROM search_event_marks WHERE search_nonce = ?`).bind(bodies[0]!.data.searchId).first(),
    ).toBeNull();
    expect(await countSearchEvents(env.DB, bodies, later)).toBe(0); // redelivered after its mark was purged
    expect((await counters(product))?.clicks).toBe(1);
  });
});

describe("search-events dead letters", () => {
  it("replay onto the search-events queue", async () => {
    const product = uid("se-p");
    const [body] = await messagesFor(product, ["click"]);
    const id = uid("dl-se-");
    await recordDeadLetter(env.DB, {
      id,
      sourceQueue: "search-events",
      eventId: body!.id,
      eventType: body!.type,
      body: JSON.stringify(body),
      receivedAt: Date.now(),
    });
    const sent: unknown[] = [];
    const fake = { ...env, SEARCH_EVENTS: { send: async (b: unknown) => void sent.push(b) } } as unknown as Cloudflare.Env;
    const replayed = await replayDeadLetter(fake, id, Date.now());
    expect(replayed?.replayCount).toBe(1);
    expect(sent).toEqual([body]);
  });
});
