// The carrier's tracking webhook: no Bearer token, only an HMAC signature over the raw body.
// Scans join the order's timeline (deduplicated by carrier event id) and move its status forward.
import { createRoute } from "@hono/zod-openapi";
import { appendTimeline, transitionOrder } from "../orders/transitions.repo";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { validationHook } from "../shared/http-errors";
import { errorResponses, jsonContent } from "../shared/openapi";
import { CARRIER_NOTIFY, carrierMove, inEventOrder, recordedAt, type CarrierEvent } from "./fulfilment";
import { findOrderByTracking } from "./fulfilment.repo";
import { CarrierWebhookBody, CarrierWebhookResultSchema } from "./schemas";
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifySignature } from "./webhook-signature";

// The body is deliberately not declared as a validated request body: the signature must be
// checked over the raw bytes before anything parses them (an unsigned body is 401, never 400).
const receive = createRoute({
  method: "post",
  path: "/",
  tags: ["Fulfilment"],
  summary: "Carrier tracking updates (signed webhook)",
  description: [
    `Called by the carrier, not by users: no Bearer token. Header \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex>\`, where v1 is`,
    "the HMAC-SHA256, keyed by the shared webhook secret, of `<t>.<raw body>`. A missing or wrong signature, or a t more than",
    `${SIGNATURE_TOLERANCE_SECONDS} seconds from now, is 401 invalid_signature. The body is a CarrierWebhookRequest (see the schemas):`,
    "`{ carrier, tracking_number, events: [{ id, status, at, location? }] }`, at most 50 events. Events are recorded once per id,",
    "so a redelivered webhook changes nothing; out_for_delivery and delivered scans move the order forward, never back.",
  ].join(" "),
  responses: { 200: jsonContent(CarrierWebhookResultSchema, "Recorded"), ...errorResponses(400, 401, 404, 413, 415) },
});

const parseBody = (bytes: Uint8Array): unknown => {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new DomainError("invalid_data", "malformed_json", "The request body is not valid JSON.");
  }
};

const router = newRouter();
// Listed in the OpenAPI document (for the carrier); the handler below reads the raw body itself.
router.openAPIRegistry.register("CarrierWebhookRequest", CarrierWebhookBody);

export const carrierWebhookRoutes = router.openapi(receive, async (c) => {
  const now = Date.now();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  await verifySignature(c.env.CARRIER_WEBHOOK_SECRET ?? "", c.req.header(SIGNATURE_HEADER), bytes, now);
  const parsed = CarrierWebhookBody.safeParse(parseBody(bytes));
  if (!parsed.success) {
    // The same 400 (field details under json.*) as a validated route body; the hook always throws here.
    validationHook({ success: false, error: parsed.error, target: "json" }, c);
    throw new DomainError("invalid_data", "validation_failed", "Invalid request.");
  }
  const body = parsed.data;
  const order = await findOrderByTracking(c.env, body.carrier, body.tracking_number);
  if (!order) throw new DomainError("not_found", "order_not_found", `No order shipped with ${body.carrier} ${body.tracking_number}.`);

  const events: CarrierEvent[] = body.events.map((e) => ({ id: e.id, status: e.status, at: Date.parse(e.at), location: e.location }));
  let status = order.status;
  let accepted = 0;
  for (const e of inEventOrder(events)) {
    const written = await appendTimeline(c.env, {
      id: `${order.id}:carrier:${e.id}`,
      orderId: order.id,
      kind: "tracking",
      status: e.status,
      reason: null,
      data: { carrier_event_id: e.id, ...(e.location !== undefined && { location: e.location }) },
      at: recordedAt(e.at, now),
    });
    accepted += written.meta.changes;
    // Moved even when the scan was already recorded: an earlier delivery may have stopped between the two writes.
    const to = carrierMove(status, e.status);
    if (to === null) continue;
    const outcome = await transitionOrder(c.env, {
      orderId: order.id,
      to,
      reason: "carrier_scan",
      at: now,
      notify: CARRIER_NOTIFY[to],
      data: { carrier_event_id: e.id },
    });
    status = outcome.changed ? to : (outcome.status ?? status);
  }
  return c.json({ order_id: order.id, status, accepted }, 200);
});
