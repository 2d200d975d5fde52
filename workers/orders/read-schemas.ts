// Request and response schemas of the order reads (zod, rendered into the OpenAPI document).
import { z } from "@hono/zod-openapi";
import { ORDER_ID_PATTERN } from "../shared/ids";
import { ORDER_STATUSES } from "./order-status";

export const OrderIdParam = z.object({
  id: z
    .string()
    .regex(ORDER_ID_PATTERN, "Order ids look like 112-3456789-1234567.")
    .openapi({ param: { name: "id", in: "path" }, example: "112-0000000-0000000" }),
});

export const ListOrdersQuery = z.object({
  page_token: z.string().max(512).optional().openapi({ description: "next_page_token of the previous page" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const Status = z.enum(ORDER_STATUSES);
const Money = (description: string) => z.int().openapi({ description: `${description}, integer minor units` });
const Iso = (description: string) => z.string().openapi({ description: `${description} (ISO 8601)` });

export const OrderSummarySchema = z
  .object({
    order_id: z.string().openapi({ example: "112-3456789-1234567" }),
    status: Status,
    status_reason: z.string().nullable().openapi({ description: "Why the order is in its status, e.g. card_declined" }),
    total: Money("Total"),
    currency: z.string(),
    item_count: z.int(),
    created_at: Iso("Placed at"),
    estimated_delivery: z.string().nullable().openapi({ description: "Estimated delivery date (YYYY-MM-DD)", example: "2026-11-27" }),
  })
  .openapi("OrderSummary");

export const OrderListSchema = z
  .object({
    results: z.array(OrderSummarySchema),
    next_page_token: z.string().nullable().openapi({ description: "Null on the last page" }),
  })
  .openapi("OrderList");

const ShippingAddressSchema = z
  .object({
    name: z.string(),
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    postal_code: z.string(),
    country: z.string(),
  })
  .openapi("OrderShippingAddress");

export const OrderDetailSchema = z
  .object({
    order_id: z.string(),
    status: Status,
    status_reason: z.string().nullable(),
    currency: z.string(),
    subtotal: Money("Lines total").nullable().openapi({ description: "Null on imported orders" }),
    shipping: Money("Shipping").nullable().openapi({ description: "Null on imported orders" }),
    total: Money("Total"),
    item_count: z.int(),
    created_at: Iso("Placed at"),
    updated_at: Iso("Last change"),
    estimated_delivery: z.string().nullable().openapi({ description: "Estimated delivery date (YYYY-MM-DD)", example: "2026-11-27" }),
    payment: z.object({ payment_method_id: z.string().nullable() }),
    shipping_address: ShippingAddressSchema.nullable().openapi({ description: "As it was at checkout; null on imported orders" }),
    shipment: z.object({ carrier: z.string(), tracking_number: z.string() }).nullable(),
    lines: z.array(
      z.object({
        line_no: z.int(),
        product_id: z.string(),
        title: z.string().openapi({ description: "As sold" }),
        qty: z.int(),
        unit_price: Money("As sold"),
        line_total: Money("unit_price x qty"),
      }),
    ),
    timeline: z.array(
      z.object({
        kind: z.string().openapi({ description: "status (a transition), tracking (a carrier scan) or note" }),
        status: z.string().openapi({ description: "The status reached, or the carrier's event code" }),
        reason: z.string().nullable(),
        at: Iso("When"),
        data: z.unknown().openapi({ description: "Details (carrier location, per-line failures...), or null" }),
      }),
    ),
  })
  .openapi("OrderDetail");
