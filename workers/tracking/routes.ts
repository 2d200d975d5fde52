// Real-time order tracking: a short-lived, single-use ticket for the signed-in customer, then the
// WebSocket upgrade handed to that customer's OrderTrackerDO (which also spends the ticket). Transport only (rules in ticket.ts, tracking.ts).
import { createRoute } from "@hono/zod-openapi";
import { jwtSecret, principalOf, requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { bearerAuth, errorResponses, isoTime, jsonContent } from "../shared/openapi";
import { LiveQuery, TicketSchema } from "./schemas";
import { issueTicket, ticketUsed, verifyTicket } from "./ticket";
import { connectUrl, liveUrl } from "./tracking";

/** Tickets are signed with JWT_SECRET (same rule as the access tokens: no short secrets). */
const ticketSecret = (env: Cloudflare.Env): string => jwtSecret(env, "Order tracking");

const issue = createRoute({
  method: "post",
  path: "/live/ticket",
  tags: ["Order tracking"],
  security: bearerAuth,
  summary: "A 60-second, single-use ticket for opening the order-tracking WebSocket",
  description:
    "Customers send their Bearer token (browsers cannot send one on a WebSocket, so the socket takes this ticket instead). A ticket opens one socket: ask for a new one for every (re)connect. No token is 401; sellers and admins get 403.",
  middleware: [requireRoles("customer")],
  responses: { 200: jsonContent(TicketSchema, "The ticket and the socket URL to open with it"), ...errorResponses(401, 403) },
});

// Two segments, not GET /live: the order routes' GET /{id} (mounted first) would take that one.
const live = createRoute({
  method: "get",
  path: "/live/socket",
  tags: ["Order tracking"],
  summary: "The order-tracking WebSocket (status changes as they happen)",
  description: [
    "Open with `Upgrade: websocket` and a ticket from POST /api/v1/orders/live/ticket (a request without the upgrade is 400).",
    "A ticket opens one socket: used again (or expired, or forged) it is 401 `invalid_ticket`.",
    'The server sends JSON text messages: first `{ "type": "ready" }`, then, when `since` is given, the latest update of each order that changed after it,',
    'then every change as it happens: `{ "type": "order_status", "order_id", "status", "reason" (string or null), "at" (ISO 8601) }`.',
    "Send the text `ping` to get `pong` (keep-alive). Updates are best effort: after a reconnect, pass `since` or GET the orders again.",
  ].join(" "),
  request: { query: LiveQuery },
  responses: {
    101: { description: "Switching Protocols: the socket is open" },
    ...errorResponses(400, 401),
  },
});

export const trackingRoutes = newRouter()
  .openapi(issue, async (c) => {
    const customerId = principalOf(c).userId;
    const { ticket, expiresAt } = await issueTicket(ticketSecret(c.env), customerId, Date.now());
    const body = { ticket, expires_at: isoTime(expiresAt), url: liveUrl(new URL(c.req.url).origin, ticket) };
    return c.json(body, 200, { "Cache-Control": "no-store" });
  })
  .openapi(live, async (c) => {
    const { ticket, order_id: orderId, since } = c.req.valid("query");
    const { customerId, ticketId, expiresAt } = await verifyTicket(ticketSecret(c.env), ticket, Date.now());
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new DomainError("invalid_data", "validation_failed", "Open this URL as a WebSocket (Upgrade: websocket).", {
        details: [{ path: "header.upgrade", message: "Expected `websocket`." }],
      });
    }
    // The customer's own object: another customer's ticket reaches another object entirely.
    const tracker = c.env.ORDER_TRACKER.getByName(customerId);
    // Spent only on a real upgrade (checked above), atomically in the customer's one object.
    if (!(await tracker.claimTicket(ticketId, expiresAt))) throw ticketUsed();
    return tracker.fetch(
      new Request(connectUrl({ orderId: orderId ?? null, since: since ?? null }), { headers: { Upgrade: "websocket" } }),
    );
  });
