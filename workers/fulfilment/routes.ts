// Fulfilment for admins: ship a paid order (carrier + tracking number), mark it out for delivery,
// mark it delivered. Each step is one state-machine transition with its timeline row and email.
import { createRoute } from "@hono/zod-openapi";
import { requireRoles } from "../identity/auth-middleware";
import type { OrderStatus } from "../orders/order-status";
import { loadOrder } from "../orders/orders.repo";
import { OrderIdParam } from "../orders/read-schemas";
import { transitionOrder, type Transition, type TransitionOutcome } from "../orders/transitions.repo";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import type { NotificationKind } from "../shared/events";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { ADMIN_STEPS, illegalTransition, planAdminStep } from "./fulfilment";
import { findOrderByTracking } from "./fulfilment.repo";
import { FulfilmentResultSchema, ShipBody } from "./schemas";

const adminsOnly = requireRoles("admin");
const repeat =
  "Admins only. Repeating the call when the order already has that status answers 200 and changes nothing; any other illegal step is 422 illegal_transition.";

const ship = createRoute({
  method: "post",
  path: "/{id}/ship",
  tags: ["Fulfilment"],
  summary: "Ship a paid order (PAID → SHIPPED)",
  description: repeat,
  security: bearerAuth,
  middleware: [adminsOnly],
  request: { params: OrderIdParam, body: jsonBody(ShipBody) },
  responses: { 200: jsonContent(FulfilmentResultSchema, "The order's status"), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
});

const outForDelivery = createRoute({
  method: "post",
  path: "/{id}/out-for-delivery",
  tags: ["Fulfilment"],
  summary: "Mark a shipped order out for delivery",
  description: repeat,
  security: bearerAuth,
  middleware: [adminsOnly],
  request: { params: OrderIdParam },
  responses: { 200: jsonContent(FulfilmentResultSchema, "The order's status"), ...errorResponses(400, 401, 403, 404, 422) },
});

const deliver = createRoute({
  method: "post",
  path: "/{id}/deliver",
  tags: ["Fulfilment"],
  summary: "Mark a shipped order delivered",
  description: repeat,
  security: bearerAuth,
  middleware: [adminsOnly],
  request: { params: OrderIdParam },
  responses: { 200: jsonContent(FulfilmentResultSchema, "The order's status"), ...errorResponses(400, 401, 403, 404, 422) },
});

const trackingInUse = (carrier: string, trackingNumber: string, cause?: unknown) =>
  new DomainError("not_allowed", "tracking_number_in_use", `${carrier} tracking number ${trackingNumber} is already on another order.`, {
    cause,
  });

/** Moves the order to `to` (or finds it already there); answers the status it ends in. */
const advance = async (
  env: Cloudflare.Env,
  orderId: string,
  to: OrderStatus,
  notify: NotificationKind,
  shipment?: { carrier: string; trackingNumber: string },
): Promise<OrderStatus> => {
  const order = await loadOrder(env, orderId);
  if (!order) throw new DomainError("not_found", "order_not_found", `No order ${orderId}.`);
  if (planAdminStep(orderId, order.status, to) === "already") return order.status;
  if (shipment) {
    const holder = await findOrderByTracking(env, shipment.carrier, shipment.trackingNumber);
    if (holder && holder.id !== orderId) throw trackingInUse(shipment.carrier, shipment.trackingNumber);
  }
  const t: Transition = {
    orderId,
    to,
    reason: null,
    at: Date.now(),
    notify,
    ...(shipment && { set: shipment, data: { carrier: shipment.carrier, tracking_number: shipment.trackingNumber } }),
  };
  let outcome: TransitionOutcome;
  try {
    outcome = await transitionOrder(env, t);
  } catch (e) {
    // Two orders shipped with one tracking number at the same moment: the unique index decides.
    if (shipment && /UNIQUE constraint failed/i.test(String(e))) throw trackingInUse(shipment.carrier, shipment.trackingNumber, e);
    throw e;
  }
  if (outcome.changed || outcome.status === to) return to;
  // Lost a race with another change (a cancel, a carrier scan): judged against where it is now.
  throw illegalTransition(orderId, outcome.status ?? order.status, to);
};

export const fulfilmentRoutes = newRouter()
  .openapi(ship, async (c) => {
    const { id } = c.req.valid("param");
    const { carrier, tracking_number: trackingNumber } = c.req.valid("json");
    const status = await advance(c.env, id, ADMIN_STEPS.ship.to, ADMIN_STEPS.ship.notify, { carrier, trackingNumber });
    return c.json({ order_id: id, status }, 200);
  })
  .openapi(outForDelivery, async (c) => {
    const { id } = c.req.valid("param");
    const status = await advance(c.env, id, ADMIN_STEPS.outForDelivery.to, ADMIN_STEPS.outForDelivery.notify);
    return c.json({ order_id: id, status }, 200);
  })
  .openapi(deliver, async (c) => {
    const { id } = c.req.valid("param");
    const status = await advance(c.env, id, ADMIN_STEPS.deliver.to, ADMIN_STEPS.deliver.notify);
    return c.json({ order_id: id, status }, 200);
  });
