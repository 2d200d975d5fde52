// The Worker's one queue handler: one consumer per queue, chosen by `batch.queue`. Queue names
// are the ones in wrangler.toml; an unknown queue's batch is retried (a config error, not data).
import { handleDeadLetters } from "./dead-letters";
import { handleNotifications } from "./notifications";
import { handleOrderEvents } from "./order-events";
import { handleSearchEvents } from "./search-events";

export const QUEUES = {
  orderEvents: "order-events",
  notifications: "notifications",
  orderEventsDlq: "order-events-dlq",
  notificationsDlq: "notifications-dlq",
  searchEvents: "search-events",
  searchEventsDlq: "search-events-dlq",
} as const;

export const handleQueue = async (batch: MessageBatch<unknown>, env: Cloudflare.Env, ctx: ExecutionContext): Promise<void> => {
  switch (batch.queue) {
    case QUEUES.orderEvents:
      return handleOrderEvents(batch, env, ctx);
    case QUEUES.notifications:
      return handleNotifications(batch, env);
    case QUEUES.searchEvents:
      return handleSearchEvents(batch, env);
    case QUEUES.orderEventsDlq:
    case QUEUES.notificationsDlq:
    case QUEUES.searchEventsDlq:
      return handleDeadLetters(batch, env);
    default:
      console.error(`queue: no consumer for ${batch.queue}`);
      batch.retryAll();
  }
};
