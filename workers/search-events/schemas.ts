// Request and response schemas of the search-events API (zod, rendered into the OpenAPI document).
import { z } from "@hono/zod-openapi";
import { PRODUCT_ID_PATTERN } from "../shared/ids";
import { MAX_SEARCH_ID_CHARS } from "../search/search-id";
import { MAX_EVENTS_PER_REQUEST, MAX_POSITION, SEARCH_EVENT_TYPES } from "./events";

const SearchEvent = z
  .strictObject({
    event_id: z.uuid("event_id is a UUID.").optional().openapi({
      description: "The client's id for this event, for its own bookkeeping: (search_id, type, product_id) is what counts once.",
      example: "0b6f0c1e-2f4a-4c8e-9a51-3d2f7e4b8c10",
    }),
    type: z
      .enum(SEARCH_EVENT_TYPES, "type is impression, click or add_to_cart (purchases are counted from paid orders, not reported).")
      .openapi({ example: "click" }),
    search_id: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, "search_id is the search_id a search answered with.")
      .max(MAX_SEARCH_ID_CHARS, "search_id is the search_id a search answered with.")
      .openapi({ description: "The search_id of the search answer that showed the product.", example: "AWsVhoAAAJwvTnobPVxuWtLgFw" }),
    product_id: z.string().regex(PRODUCT_ID_PATTERN, "Product ids are 1-32 letters, digits, '_' or '-'.").openapi({ example: "85123A" }),
    position: z.int("A position is a whole number.").min(1).max(MAX_POSITION).openapi({
      description: "The result's 1-based position in the search (page 2 of 20 starts at 21).",
      example: 1,
    }),
    at: z.iso.datetime({ offset: true, message: "at is an ISO 8601 date-time." }).optional().openapi({
      description: "When it happened (default: when received). More than 5 minutes ahead or over 7 days old: dropped.",
      example: "2026-01-15T10:30:00Z",
    }),
  })
  .openapi("SearchEvent");

export const SearchEventsBody = z
  .strictObject({
    events: z
      .array(SearchEvent)
      .min(1, "Send at least one event.")
      .max(MAX_EVENTS_PER_REQUEST, `At most ${MAX_EVENTS_PER_REQUEST} events per request.`),
  })
  .openapi("SearchEventsRequest");

export const SearchEventsAccepted = z
  .object({
    accepted: z.int().openapi({ description: "Events queued for counting (a resent event is queued but counted once)." }),
    dropped: z.int().openapi({ description: "Events outside the time window, not counted." }),
    rejected: z.int().openapi({
      description:
        "Events not counted because their search_id was not signed by us, is over a day old, or did not show that product at that position.",
    }),
  })
  .openapi("SearchEventsAccepted");
