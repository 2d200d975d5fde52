// Checkout API: place an order from the caller's cart (Idempotency-Key required) and cancel one
// before it ships. Transport only: parse, call place-order / cancel-order, shape.
import { createRoute } from "@hono/zod-openapi";
import { principalOf, requireRoles } from "../identity/auth-middleware";
import type { Context } from "hono";
import { newRouter, type AppEnv } from "../shared/app-env";
import { sha256Hex } from "../shared/hash";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { cancelOrder } from "./cancel-order";
import { canonicalJson } from "./idempotency";
import { answerForLostClaim, claimKey, releaseKey } from "./idempotency.repo";
import { placeOrder, type PlacedOrder } from "./place-order";
import { CancelledOrderSchema, IdempotencyHeaders, PlaceOrderBody, PlacedOrderSchema } from "./schemas";
import { OrderIdParam } from "./read-schemas";
import { noStore } from "../shared/no-store";


const place = createRoute({
  method: "post", path: "/", tags: ["Orders"], security: bearerAuth,
  summary: "Place an order from your cart (the checkout saga then reserves stock and takes payment)",
  description:
    "Customers only. Prices and totals come from the catalog. The same Idempotency-Key and body answer the first response " +
    "(header `Idempotent-Replayed: true`); another body with that key is 422; a request still in flight with it is 409.",
  middleware: [requireRoles("customer"), noStore],
  request: { headers: IdempotencyHeaders, body: jsonBody(PlaceOrderBody) },
  responses: { 201: jsonContent(PlacedOrderSchema, "Order accepted: PENDING until the saga reserves stock and takes payment"), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
});

const cancel = createRoute({
  method: "post", path: "/{id}/cancel", tags: ["Orders"], security: bearerAuth,
  summary: "Cancel an order before it ships (a paid order is refunded and its units go back to stock)",
  description: "The order's customer or an admin. Cancelling a cancelled order answers it again.",
  middleware: [requireRoles("customer", "admin"), noStore],
  request: { params: OrderIdParam },
  responses: { 200: jsonContent(CancelledOrderSchema, "Cancelled"), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

const replay = (c: Context<AppEnv>, stored: string) => {
  c.header("Idempotent-Replayed", "true");
  return c.json(JSON.parse(stored) as PlacedOrder, 201);
};

export const orderRoutes = newRouter()
  .openapi(place, async (c) => {
    const who = principalOf(c);
    const key = c.req.valid("header")["idempotency-key"].toLowerCase();
    const body = c.req.valid("json");
    const now = Date.now();
    const requestHash = await sha256Hex(canonicalJson(body));
    const claim = await claimKey(c.env, who.userId, key, requestHash, now);
    if (claim.kind === "replay") return replay(c, claim.body);
    let placed: PlacedOrder | null;
    try {
      placed = await placeOrder(c.env, who, { cartId: body.cart_id, shippingAddressId: body.shipping_address_id, paymentMethodId: body.payment_method_id }, claim.held, now, (work) => c.executionCtx.waitUntil(work));
    } catch (e) {
      // Nothing was created (the order's batch is all or nothing): free the key for a corrected retry.
      await releaseKey(c.env, claim.held);
      throw e;
    }
    if (placed) return c.json(placed, 201);
    // This request stalled past its claim and a retry took the key over: answer what that one stored.
    return replay(c, (await answerForLostClaim(c.env, claim.held, requestHash, Date.now())).body);
  })
  .openapi(cancel, async (c) => {
    const who = principalOf(c);
    const result = await cancelOrder(c.env, c.req.valid("param").id, who, Date.now());
    return c.json({ order_id: result.orderId, status: result.status }, 200);
  });
