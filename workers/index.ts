// The Worker entry point: HTTP through the Hono app, the queue consumers (queues/index.ts), the
// Cron Trigger sweeps (workers/scheduled.ts) and the Durable Object classes. Every handler
// refuses to work while the secrets are unfit for where it runs (workers/config).
import { handleQueue } from "../queues";
import { createApp } from "./app";
import { admitBatch, assertConfigured } from "./config/guard";
import { handleScheduled } from "./scheduled";

export { CartDO } from "../durable-objects/cart-do";
export { InventoryDO } from "../durable-objects/inventory-do";
export { OrderTrackerDO } from "../durable-objects/order-tracker-do";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: async (batch, env, ctx) => {
    if (admitBatch(batch, env)) await handleQueue(batch, env, ctx);
  },
  scheduled: async (controller, env, ctx) => {
    assertConfigured(env, `cron ${controller.cron}`);
    await handleScheduled(controller, env, ctx);
  },
} satisfies ExportedHandler<Cloudflare.Env>;
