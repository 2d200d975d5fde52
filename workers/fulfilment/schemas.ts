// Request and response schemas of fulfilment and the carrier webhook (zod, rendered into the
// OpenAPI document). Carrier and tracking number are normalised the same way on both paths, so
// the webhook finds the order the admin shipped.
import { z } from "@hono/zod-openapi";
import { ORDER_STATUSES } from "../orders/order-status";
import { CARRIER_EVENT_STATUSES } from "./fulfilment";

export const Carrier = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{1,31}$/, "A carrier is a 2-32 character code such as royal-mail.")
  .openapi({ example: "royal-mail" });

export const TrackingNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/, "A tracking number is 4-40 letters, digits or dashes.")
  .openapi({ example: "RM123456785GB" });

export const ShipBody = z.strictObject({ carrier: Carrier, tracking_number: TrackingNumber }).openapi("ShipOrderRequest");

export const FulfilmentResultSchema = z.object({ order_id: z.string(), status: z.enum(ORDER_STATUSES) }).openapi("FulfilmentResult");

// No control characters: a location is shown on the customer's order page.
const Location = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, "No control characters.");

export const CarrierEventSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "An event id is 1-64 letters, digits, '_', '.', ':' or '-'."),
  status: z.enum(CARRIER_EVENT_STATUSES),
  at: z.iso.datetime({ offset: true, error: "An ISO 8601 date-time with a zone, e.g. 2026-11-20T09:30:00Z." }),
  location: Location.optional(),
});

export const MAX_WEBHOOK_EVENTS = 50;

export const CarrierWebhookBody = z
  .strictObject({
    carrier: Carrier,
    tracking_number: TrackingNumber,
    events: z.array(CarrierEventSchema).min(1).max(MAX_WEBHOOK_EVENTS, `At most ${MAX_WEBHOOK_EVENTS} events per call.`),
  })
  .openapi("CarrierWebhookRequest");

export const CarrierWebhookResultSchema = z
  .object({
    order_id: z.string(),
    status: z.enum(ORDER_STATUSES).openapi({ description: "The order's status after the events" }),
    accepted: z.int().openapi({ description: "Events newly recorded (0 when every event was already known: a redelivery)" }),
  })
  .openapi("CarrierWebhookResult");
