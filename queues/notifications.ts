// Notifications consumer: one email per order fact, idempotent by the message id
// (`${orderId}:notify:${kind}`). Delivery towards the mail provider is at least once.
import { parseNotification, type NotificationMessage } from "../workers/shared/events";
import {
  claimNotification,
  loadNotificationOrder,
  markNotificationSent,
  releaseNotificationLease,
} from "../workers/notifications/notifications.repo";
import { renderNotification } from "../workers/notifications/templates";

/** Seconds before a failed message is retried: 2, 4, 8... capped at a minute. */
export const retryDelay = (attempts: number): number => Math.min(2 ** Math.max(1, attempts), 60);

/**
 * The provider sets Message-ID itself (Cloudflare Email Service refuses it in `headers`), so the
 * stable id travels in an X- header: a receiver or support tool can dedupe a re-sent email by it.
 */
export const NOTIFICATION_ID_HEADER = "X-Notification-Id";

// Retrying cannot fix a malformed message or one for an order that does not exist: straight to
// the dead-letter queue (v8 keeps any body intact), without burning the message's retries.
const deadLetter = async (message: Message<unknown>, env: Cloudflare.Env, why: string) => {
  console.error(`notifications: ${why}; message ${message.id} sent to notifications-dlq`);
  await env.NOTIFICATIONS_DLQ.send(message.body, { contentType: "v8" });
  message.ack();
};

const deliver = async (n: NotificationMessage, message: Message<unknown>, env: Cloudflare.Env) => {
  const order = await loadNotificationOrder(env.DB, n.data.orderId);
  if (!order) return deadLetter(message, env, `unknown order ${n.data.orderId}`);
  // A guest order (or a customer since erased) has nobody to write to.
  if (!order.customerId || !order.email) return message.ack();

  const email = renderNotification(n.data.kind, { ...order.summary, reason: n.data.reason ?? order.statusReason });
  const claim = await claimNotification(
    env.DB,
    {
      id: n.id,
      orderId: order.summary.id,
      customerId: order.customerId,
      kind: n.data.kind,
      recipient: order.email,
      subject: email.subject,
      body: email.text,
    },
    Date.now(),
  );
  if (claim.kind === "sent") return message.ack(); // already sent by an earlier delivery
  // Another delivery holds the lease: look again once it lapses (it may still fail).
  if (claim.kind === "busy") return message.retry({ delaySeconds: Math.ceil(claim.retryInMs / 1000) });

  try {
    await env.EMAIL.send({
      from: env.EMAIL_FROM,
      to: claim.email.recipient,
      subject: claim.email.subject,
      text: claim.email.body,
      headers: { [NOTIFICATION_ID_HEADER]: n.id },
    });
  } catch (e) {
    await releaseNotificationLease(env.DB, n.id);
    throw e;
  }
  await markNotificationSent(env.DB, n.id, Date.now());
  message.ack();
};

export const handleNotifications = async (batch: MessageBatch<unknown>, env: Cloudflare.Env): Promise<void> => {
  // One message at a time: two copies of one message in a batch must not both find the claim
  // `sending` and both send (the second then finds it `sent`). Batches are at most 10 messages.
  for (const message of batch.messages) {
    try {
      const n = parseNotification(message.body);
      if (!n) await deadLetter(message, env, "malformed message");
      else await deliver(n, message, env);
    } catch (e) {
      // D1, the mail provider or the DLQ producer failed: retry with backoff; after max_retries
      // the platform moves the message to notifications-dlq.
      console.error(`notifications: message ${message.id} failed (attempt ${message.attempts})`, e);
      message.retry({ delaySeconds: retryDelay(message.attempts) });
    }
  }
};
