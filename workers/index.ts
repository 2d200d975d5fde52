// The Worker entry point: HTTP through the Hono app. Queue consumers, cron handlers and
// Durable Object classes are exported from here as the domains that need them land.
import { createApp } from "./app";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Cloudflare.Env>;
