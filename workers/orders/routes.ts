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
import { enforceLimit } from "../shared/rate-limit";

/** ORDERS_RATE_LIMITER's period (wrangler.toml): 10 order attempts a minute per customer. */
const ORDERS_LIMIT_PERIOD_SECONDS = 60;

const place = createRoute({
  method: "post",
  path: "/",
  tags: ["Orders"],
  security: bearerAuth,
  summary: "Place an order from your cart (the checkout saga then reserves stock and takes payment)",
  description:
    "Customers only. Prices and totals come from the catalog. The same Idempotency-Key and body answer the first response " +
    "(header `Idempotent-Replayed: true`); another body with that key is 422; a request still in flight with it is 409. " +
    "Send `expected_total` (the total you showed): if today's prices differ, the answer is 409 `price_changed` with the new " +
    "figures in `error.data`, nothing is created and the key is free again. An unpriced product in the cart is 422 `product_unpriced`. " +
    "At most 10 order attempts a minute per customer (429 with Retry-After; replays of a key do not count).",
  middleware: [requireRoles("customer"), noStore],
  request: { headers: IdempotencyHeaders, body: jsonBody(PlaceOrderBody) },
  responses: {
    201: jsonContent(PlacedOrderSchema, "Order accepted: PENDING until the saga reserves stock and takes payment"),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
  },
});

const cancel = createRoute({
  method: "post",
  path: "/{id}/cancel",
  tags: ["Orders"],
  security: bearerAuth,
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
      await enforceLimit(
        c.env.ORDERS_RATE_LIMITER,
        "orders",
        who.userId,
        ORDERS_LIMIT_PERIOD_SECONDS,
        "Too many orders in a minute: wait a moment and try again.",
      );
      placed = await placeOrder(
        c.env,
        who,
        {
          cartId: body.cart_id,
          shippingAddressId: body.shipping_address_id,
          paymentMethodId: body.payment_method_id,
          expectedTotal: body.expected_total,
        },
        claim.held,
        now,
        (work) => c.executionCtx.waitUntil(work),
      );
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
