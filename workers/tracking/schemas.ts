// Request and response schemas of the order-tracking endpoints (the ticket and the socket's query).
import { z } from "@hono/zod-openapi";
import { ORDER_ID_PATTERN } from "../shared/ids";
import { MAX_TICKET_LENGTH } from "./ticket";

export const TicketSchema = z
  .object({
    ticket: z.string().openapi({ description: "Opaque; pass it as `ticket` to GET /api/v1/orders/live/socket." }),
    expires_at: z.string().openapi({ format: "date-time", description: "The ticket opens a socket until then (60 s)." }),
    url: z.string().openapi({
      description: "The WebSocket URL to open (wss://…/api/v1/orders/live/socket?ticket=…); add order_id and since as needed.",
      example: "wss://shop.example/api/v1/orders/live/socket?ticket=eyJzdWIi…",
    }),
  })
  .openapi("TrackingTicket");

export const LiveQuery = z.object({
  // Not pattern-checked here: any ticket that does not verify is one answer, 401 invalid_ticket.
  ticket: z.string().min(1).max(MAX_TICKET_LENGTH).openapi({ description: "From POST /api/v1/orders/live/ticket." }),
  order_id: z.string().regex(ORDER_ID_PATTERN).optional().openapi({
    example: "112-3456789-1234567",
    description: "Only this order's updates (an order page); omit for all of the customer's orders.",
  }),
  since: z.coerce.number().int().min(0).optional().openapi({
    // zod 4 documents an optional coerce as ["integer", "null"]; the override loses `minimum`.
    type: "integer",
    minimum: 0,
    example: 1767225600000,
    description: "Epoch ms: replay the latest update of each order that changed after this (e.g. the newest updated_at the page shows).",
  }),
});
