// Search events API: POST /api/v1/events takes a batch of impressions, clicks and add-to-carts
// (anonymous or signed in), rate limited per client address (IPv6 by /64), and queues those whose
// signed search id showed that product at that position; the others are counted as rejected.
import { createRoute } from "@hono/zod-openapi";
import { jwtSecret } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { noStore } from "../shared/no-store";
import { rateLimit } from "../shared/rate-limit";
import { toMessages } from "./events";
import { SearchEventsAccepted, SearchEventsBody } from "./schemas";

/** 60 batches a minute per client address (EVENTS_RATE_LIMITER in wrangler.toml). */
const eventsLimiter = rateLimit((env) => env.EVENTS_RATE_LIMITER, "events", 60);

const postEvents = createRoute({
  method: "post",
  path: "/",
  tags: ["Search"],
  summary: "Report what shoppers did with search results (ranking signals)",
  description:
    "1-50 events per request, each tied to the `search_id` of the search answer that showed the product at that position. " +
    "Events whose search_id does not vouch for the product and position (or is over a day old) are answered as `rejected` and " +
    "never counted. Counting is asynchronous: each type counts once per product per search answer. Purchases are not reported: " +
    "they are counted from paid orders. Anonymous or with a Bearer token.",
  middleware: [eventsLimiter, noStore],
  request: { body: jsonBody(SearchEventsBody) },
  responses: {
    202: jsonContent(SearchEventsAccepted, "Queued for counting"),
    ...errorResponses(400, 401, 413, 415, 429, 503),
  },
});

export const searchEventRoutes = newRouter().openapi(postEvents, async (c) => {
  const { events } = c.req.valid("json");
  const now = Date.now();
  const { messages, dropped, rejected } = await toMessages(
    jwtSecret(c.env, "Search events"),
    events.map((e) => ({
      type: e.type,
      searchId: e.search_id,
      productId: e.product_id,
      position: e.position,
      at: e.at === undefined ? undefined : Date.parse(e.at),
    })),
    now,
  );
  if (messages.length > 0) {
    try {
      await c.env.SEARCH_EVENTS.sendBatch(messages.map((body) => ({ body, contentType: "json" as const })));
    } catch (e) {
      console.error(`[${c.get("requestId")}] search events: queue send failed`, e);
      throw new DomainError("unavailable", "dependency_unavailable", "Events could not be queued: send them again later.");
    }
  }
  return c.json({ accepted: messages.length, dropped, rejected }, 202);
});
