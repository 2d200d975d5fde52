// The Worker entry point: HTTP through the Hono app, and the Durable Object classes.
// Queue consumers and cron handlers are exported from here as the domains that need them land.
import { createApp } from "./app";

export { CartDO } from "../durable-objects/cart-do";
export { InventoryDO } from "../durable-objects/inventory-do";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Cloudflare.Env>;
