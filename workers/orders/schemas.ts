// Zod schemas (and OpenAPI components) for placing and cancelling orders.
import { z } from "@hono/zod-openapi";
import { IDEMPOTENCY_KEY_PATTERN } from "./idempotency";

export const IdempotencyHeaders = z.object({
  "idempotency-key": z.string().regex(IDEMPOTENCY_KEY_PATTERN, "must be a UUID").openapi({
    description: "A UUID you generate per order attempt; retries reuse it. Kept 24 h per customer.",
    example: "7b0c3c1e-2f0a-4c53-9d7e-5a4c2f1b9e11",
  }),
});

export const PlaceOrderBody = z
  .strictObject({
    cart_id: z.string().regex(/^[0-9a-f]{64}$/, "must be the cart_id from GET /api/v1/cart"),
    shipping_address_id: z.string().regex(/^adr_[0-9a-z]{16}$/, "must be an address id from POST /api/v1/addresses"),
    payment_method_id: z.string().regex(/^pm_[0-9a-z]{16}$/, "must be a payment method id from POST /api/v1/payment-methods"),
    expected_total: z
      .int("must be the total you showed, in integer minor units")
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .openapi({
        description:
          "The order total (minor units, delivery included) the shopper reviewed. If today's prices make it differ, " +
          "the order is refused with 409 `price_changed` and `error.data` carries the new figures; send them again to confirm.",
        example: 2899,
      }),
  })
  .openapi("PlaceOrderRequest");

export const PlacedOrderSchema = z
  .object({
    order_id: z.string().openapi({ example: "112-3456789-1234567" }),
    status: z.literal("PENDING"),
    estimated_delivery: z.string().openapi({ description: "ISO date", example: "2026-11-27" }),
    currency: z.string(),
    subtotal: z.number().int().openapi({ description: "Minor units" }),
    shipping: z.number().int(),
    total: z.number().int(),
    item_count: z.number().int(),
    created_at: z.string(),
  })
  .openapi("PlacedOrder");

export const CancelledOrderSchema = z.object({ order_id: z.string(), status: z.string() }).openapi("CancelledOrder");
