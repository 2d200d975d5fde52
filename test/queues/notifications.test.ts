// The notifications consumer: one email per message id, retried with backoff when the mail
// provider fails, poison messages straight to the DLQ. Sends are observed through a counting
// fake EMAIL (and a fake DLQ producer) in a copied env; one test goes through the Worker's own
// queue handler with Miniflare's real send_email binding.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { handleNotifications, NOTIFICATION_ID_HEADER } from "../../queues/notifications";
import worker from "../../workers/index";
import { NOTIFICATION_KINDS, notification, type NotificationKind } from "../../workers/shared/events";
import { resendStuckNotifications } from "../../workers/shared/outbox.repo";
import { GENERIC_DECLINE } from "../../workers/payments/declines";

const SELLER = "sel_notifytest0001";
const PRODUCT = "prd_notifytest0001";

beforeAll(async () => {
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, 'Notify Shop', 0)`).bind(SELLER),
    env.DB.prepare(
      `INSERT INTO products (id, seller_id, title, price_minor, currency, category, created_at, updated_at) VALUES (?, ?, 'Lantern', 339, 'GBP', 'candles-lighting', 0, 0)`,
    ).bind(PRODUCT, SELLER),
  ]);
});

let n = 0;
/** A customer and their order (with one line); `guest` leaves the order without a customer. */
const newOrder = async (opts: { guest?: boolean } = {}) => {
  const i = ++n;
  const orderId = `112-${String(1000000 + i)}-${String(Date.now()).slice(-7)}`;
  const userId = `usr_notify${Date.now().toString(36)}${i}`;
  const email = `${userId}@example.com`;
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO users (id, email, name, role, created_at) VALUES (?, ?, 'Ann Example', 'customer', 0)`).bind(userId, email),
    env.DB.prepare(
      `INSERT INTO orders (id, customer_id, status, status_reason, currency, total_minor, item_count, carrier, tracking_number, created_at, updated_at)
       VALUES (?, ?, 'SHIPPED', NULL, 'GBP', 678, 2, 'Royal Mail', ?, 0, 0)`,
    ).bind(orderId, opts.guest ? null : userId, `RM${i}GB`),
    env.DB.prepare(
      `INSERT INTO order_lines (order_id, line_no, product_id, title, quantity, unit_price_minor) VALUES (?, 1, ?, 'Lantern', 2, 339)`,
    ).bind(orderId, PRODUCT),
  ]);
  return { orderId, email };
};

type Sent = { from: string; to: string; subject: string; text: string; headers?: Record<string, string> };
/** A copied env whose EMAIL counts sends (and fails the first `failures` of them) and whose DLQ records. */
const fakeEnv = (failures = 0) => {
  const sent: Sent[] = [];
  const dlq: unknown[] = [];
  let calls = 0;
  const EMAIL = {
    send: async (m: Sent) => {
      if (calls++ < failures) throw new Error("provider down");
      sent.push(m);
      return { messageId: `<${calls}@test>` };
    },
  };
  const NOTIFICATIONS_DLQ = { send: async (body: unknown) => void dlq.push(body) };
  return { env: { ...env, EMAIL, NOTIFICATIONS_DLQ } as unknown as Cloudflare.Env, sent, dlq };
};

let msg = 0;
const batchOf = (bodies: unknown[], attempts = 1) =>
  createMessageBatch(
    "notifications",
    bodies.map((body) => ({ id: `msg-notify-${++msg}`, timestamp: new Date(), attempts, body })),
  );

/**
 * Runs the consumer; answers getQueueResult plus each retry's delay, which the plugin's result
 * (vitest-plugin 1.4.10) leaves out, so `retry` is wrapped to record it.
 */
const run = async (e: Cloudflare.Env, batch: MessageBatch<unknown>) => {
  const delays: (number | undefined)[] = [];
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await handleNotifications(batch, e);
  return { ...(await getQueueResult(batch, ctx)), delays };
};

const row = (id: string) =>
  env.DB.prepare(`SELECT state, attempts, recipient, sent_at FROM notifications WHERE id = ?`)
    .bind(id)
    .first<{ state: string; attempts: number; recipient: string; sent_at: number | null }>();

describe("notifications consumer", () => {
  it("sends one plain-text email to the customer, marks it sent and acks", async () => {
    const { orderId, email } = await newOrder();
    const fake = fakeEnv();
    const message = notification(orderId, "shipped", Date.now());
    const batch = batchOf([message]);
    const result = await run(fake.env, batch);
    expect(result.explicitAcks).toEqual([batch.messages[0]!.id]);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({
      from: env.EMAIL_FROM,
      to: email,
      subject: `Order ${orderId} has shipped`,
      headers: { [NOTIFICATION_ID_HEADER]: message.id },
    });
    expect(fake.sent[0]!.text).toContain("Tracking number: RM");
    expect(await row(message.id)).toMatchObject({ state: "sent", attempts: 1, recipient: email, sent_at: expect.any(Number) });
  });

  it("sends nothing twice when the message is redelivered", async () => {
    const { orderId } = await newOrder();
    const fake = fakeEnv();
    const message = notification(orderId, "order_confirmed", Date.now());
    const first = await run(fake.env, batchOf([message, message])); // twice in one batch
    expect(first.explicitAcks).toHaveLength(2);
    const again = await run(fake.env, batchOf([message], 2)); // then redelivered
    expect(again.explicitAcks).toHaveLength(1);
    expect(fake.sent).toHaveLength(1);
    const { count } = (await env.DB.prepare(`SELECT COUNT(*) AS count FROM notifications WHERE order_id = ?`)
      .bind(orderId)
      .first<{ count: number }>())!;
    expect(count).toBe(1);
  });

  it("sends again (the stored email) when an earlier attempt crashed between send and mark", async () => {
    const { orderId } = await newOrder();
    const id = `${orderId}:notify:delivered`;
    await env.DB.prepare(
      `INSERT INTO notifications (id, order_id, kind, recipient, subject, body, state, attempts, created_at) VALUES (?, ?, 'delivered', 'first@example.com', 'First subject', 'First body', 'sending', 1, 0)`,
    )
      .bind(id, orderId)
      .run();
    const fake = fakeEnv();
    await run(fake.env, batchOf([notification(orderId, "delivered", Date.now())], 2));
    expect(fake.sent).toEqual([expect.objectContaining({ to: "first@example.com", subject: "First subject", text: "First body" })]);
    expect(await row(id)).toMatchObject({ state: "sent", attempts: 2 });
  });

  it("re-sends, from the cron, an email stuck sending whose delivery died and was never redelivered", async () => {
    // Found by the soak: a restart lost the redelivery and the email stayed `sending` for good.
    const now = Date.now();
    const rows = await Promise.all(
      [
        ["lapsed", now - 120_000],
        ["leased", now + 30_000],
      ].map(async ([what, claimedUntil]) => {
        const { orderId } = await newOrder();
        const event = notification(orderId, "delivered", now);
        await env.DB.batch([
          env.DB.prepare(
            `INSERT INTO notifications (id, order_id, kind, recipient, subject, body, state, claimed_until, attempts, created_at) VALUES (?, ?, 'delivered', 'a@example.com', 'S', 'B', 'sending', ?, 1, 0)`,
          ).bind(event.id, orderId, claimedUntil),
          env.DB.prepare(
            `INSERT INTO outbox (id, queue, type, order_id, payload, delay_seconds, created_at, sent_at, attempts) VALUES (?, 'notifications', 'Notification', ?, ?, 0, ?, ?, 1)`,
          ).bind(event.id, orderId, JSON.stringify(event), now - 200_000, now - 200_000),
        ]);
        return { what, event };
      }),
    );
    // And a message lost before any delivery: sent two minutes ago, no email row at all (a guest's is ignored).
    const lost = await Promise.all(
      [{ guest: false }, { guest: true }].map(async (o) => {
        const { orderId } = await newOrder(o);
        const event = notification(orderId, "shipped", now);
        await env.DB.prepare(
          `INSERT INTO outbox (id, queue, type, order_id, payload, delay_seconds, created_at, sent_at, attempts) VALUES (?, 'notifications', 'Notification', ?, ?, 0, ?, ?, 1)`,
        )
          .bind(event.id, orderId, JSON.stringify(event), now - 120_000, now - 120_000)
          .run();
        return event;
      }),
    );
    const sent: { body: { id: string } }[] = [];
    const e = {
      ...env,
      NOTIFICATIONS: { sendBatch: async (m: { body: { id: string } }[]) => void sent.push(...m) },
    } as unknown as Cloudflare.Env;
    expect(await resendStuckNotifications(e, now, 60_000)).toBe(2);
    expect(sent.map((m) => m.body.id).sort()).toEqual([rows.find((r) => r.what === "lapsed")!.event.id, lost[0]!.id].sort());
  });

  it("sends once when two deliveries of one message run at the same time (the other waits out the lease)", async () => {
    const { orderId } = await newOrder();
    const fake = fakeEnv();
    const message = notification(orderId, "out_for_delivery", Date.now());
    const results = await Promise.all([run(fake.env, batchOf([message])), run(fake.env, batchOf([message]))]);
    expect(fake.sent).toHaveLength(1);
    const retried = results.filter((r) => r.retryMessages.length > 0);
    expect(retried.length + results.filter((r) => r.explicitAcks.length > 0).length).toBe(2);
    for (const r of retried) expect(r.delays[0]).toBeGreaterThan(0);
    expect(await row(message.id)).toMatchObject({ state: "sent" });
  });

  it("retries a send failure with exponential backoff, then sends once the provider is back", async () => {
    const { orderId } = await newOrder();
    const fake = fakeEnv(2);
    const message = notification(orderId, "payment_failed", Date.now(), "card_declined");
    const first = await run(fake.env, batchOf([message], 1));
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.delays).toEqual([2]);
    const second = await run(fake.env, batchOf([message], 3));
    expect(second.retryMessages).toHaveLength(1);
    expect(second.delays).toEqual([8]);
    expect(await row(message.id)).toMatchObject({ state: "sending", attempts: 2 });
    const third = await run(fake.env, batchOf([message], 9));
    expect(third.explicitAcks).toHaveLength(1);
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]!.text).toContain(GENERIC_DECLINE);
    expect(await row(message.id)).toMatchObject({ state: "sent", attempts: 3 });
  });

  it("caps the backoff at a minute", async () => {
    const { orderId } = await newOrder();
    const result = await run(fakeEnv(1).env, batchOf([notification(orderId, "delivered", Date.now())], 7));
    expect(result.delays).toEqual([60]);
  });

  it.each([
    ["not an object", "hello"],
    ["another envelope type", { id: "x", type: "OrderCreated", occurredAt: 1, data: { orderId: "112-0000000-0000000" } }],
    ["an unknown kind", { id: "x", type: "Notify", occurredAt: 1, data: { orderId: "112-0000000-0000000", kind: "birthday" } }],
  ])("sends a malformed message (%s) to the DLQ producer and acks it", async (_what, body) => {
    const fake = fakeEnv();
    const batch = batchOf([body]);
    const result = await run(fake.env, batch);
    expect(result.explicitAcks).toEqual([batch.messages[0]!.id]);
    expect(result.retryMessages).toEqual([]);
    expect(fake.dlq).toEqual([body]);
    expect(fake.sent).toHaveLength(0);
  });

  it("dead-letters a message for an order that does not exist", async () => {
    const fake = fakeEnv();
    const message = notification("112-9999999-9999999", "shipped", Date.now());
    const result = await run(fake.env, batchOf([message]));
    expect(result.explicitAcks).toHaveLength(1);
    expect(fake.dlq).toEqual([message]);
  });

  it("acks a guest order's notification without sending or recording anything", async () => {
    const { orderId } = await newOrder({ guest: true });
    const fake = fakeEnv();
    const message = notification(orderId, "shipped", Date.now());
    const result = await run(fake.env, batchOf([message]));
    expect(result.explicitAcks).toHaveLength(1);
    expect(fake.sent).toHaveLength(0);
    expect(await row(message.id)).toBeNull();
  });

  it.each<NotificationKind>([...NOTIFICATION_KINDS])(
    "sends %s through the Worker's queue handler and Miniflare's send_email binding",
    async (kind) => {
      const { orderId } = await newOrder();
      const message = notification(orderId, kind, Date.now());
      const batch = batchOf([message]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([batch.messages[0]!.id]);
      expect(await row(message.id)).toMatchObject({ state: "sent", attempts: 1 });
    },
  );
});
