// Request and response schemas of the search-events API (zod, rendered into the OpenAPI document).
import { z } from "@hono/zod-openapi";
import { PRODUCT_ID_PATTERN } from "../shared/ids";
import { MAX_EVENTS_PER_REQUEST, MAX_POSITION, SEARCH_EVENT_TYPES } from "./events";

const SearchEvent = z
  .strictObject({
    event_id: z.uuid("event_id is a UUID.").optional().openapi({
      description: "The client's id for this event; without one, (search_id, type, product_id, position) identifies it.",
      example: "0b6f0c1e-2f4a-4c8e-9a51-3d2f7e4b8c10",
    }),
    type: z.enum(SEARCH_EVENT_TYPES).openapi({ example: "click" }),
    search_id: z.uuid("search_id is the UUID a search answered with.").openapi({ example: "5d1c9b2e-8a7f-4e3b-b6c4-0f9a2d7e1c35" }),
    product_id: z.string().regex(PRODUCT_ID_PATTERN, "Product ids are 1-32 letters, digits, '_' or '-'.").openapi({ example: "85123A" }),
    position: z.int("A position is a whole number.").min(1).max(MAX_POSITION).optional().openapi({
      description: "The result's 1-based position in the search answer.",
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
    events: z.array(SearchEvent).min(1, "Send at least one event.").max(MAX_EVENTS_PER_REQUEST, `At most ${MAX_EVENTS_PER_REQUEST} events per request.`),
  })
  .openapi("SearchEventsRequest");

export const SearchEventsAccepted = z
  .object({
    accepted: z.int().openapi({ description: "Events queued for counting (a resent event is queued but counted once)." }),
    dropped: z.int().openapi({ description: "Events outside the time window, not counted." }),
  })
  .openapi("SearchEventsAccepted");
