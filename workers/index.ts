// The Worker entry point: HTTP through the Hono app, the queue consumers (queues/index.ts), the
// Cron Trigger sweeps (workers/scheduled.ts) and the Durable Object classes.
import { handleQueue } from "../queues";
import { createApp } from "./app";
import { handleScheduled } from "./scheduled";

export { CartDO } from "../durable-objects/cart-do";
export { InventoryDO } from "../durable-objects/inventory-do";
export { OrderTrackerDO } from "../durable-objects/order-tracker-do";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Cloudflare.Env>;
