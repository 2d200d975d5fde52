// The cron's dedup retention: sent outbox rows and processed-event marks older than the cutoff
// go; unsent rows (still owed to a queue) and recent ones stay.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { purgeDeliveredBefore } from "../../workers/shared/outbox.repo";

const outboxRow = (id: string, createdAt: number, sentAt: number | null) =>
  env.DB.prepare(
    `INSERT INTO outbox (id, queue, type, order_id, payload, created_at, sent_at) VALUES (?, 'order-events', 'OrderCreated', NULL, '{}', ?, ?)`,
  )
    .bind(id, createdAt, sentAt)
    .run();
const processed = (eventId: string, at: number) =>
  env.DB.prepare(`INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ('purge-test', ?, ?)`).bind(eventId, at).run();
const ids = async (sql: string) => ((await env.DB.prepare(sql).all<{ id: string }>()).results ?? []).map((r) => r.id).sort();

describe("purgeDeliveredBefore", () => {
  it("forgets sent rows and processed marks before the cutoff, keeping unsent and recent ones", async () => {
    const cutoff = 1_000_000;
    await outboxRow("purge-old-sent", 10, 20);
    await outboxRow("purge-old-unsent", 10, null);
    await outboxRow("purge-new-sent", cutoff, cutoff + 1);
    await processed("purge-old", cutoff - 1);
    await processed("purge-new", cutoff);
    expect(await purgeDeliveredBefore(env.DB, cutoff)).toBe(2);
    expect(await ids(`SELECT id FROM outbox WHERE id LIKE 'purge-%'`)).toEqual(["purge-new-sent", "purge-old-unsent"]);
    expect(await ids(`SELECT event_id AS id FROM processed_events WHERE consumer = 'purge-test'`)).toEqual(["purge-new"]);
  });
});
