// Order reads: the signed-in customer's orders (keyset pages, newest first) and one order with its
// lines, shipment and timeline. Customers see only their own; admins may read any order by id.
import { createRoute } from "@hono/zod-openapi";
import { principalOf, requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { bearerAuth, errorResponses, isoTime, jsonContent } from "../shared/openapi";
import { decodePageToken, encodePageToken } from "../shared/page-token";
import { listCustomerOrders, loadOrderDetail, type OrderDetail, type OrderSummary } from "./read.repo";
import { ListOrdersQuery, OrderDetailSchema, OrderListSchema, OrderIdParam } from "./read-schemas";
import { noStore } from "../shared/no-store";
import { isDecline, shopperReason } from "../payments/declines";

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Orders"],
  summary: "Your orders, newest first (cursor pagination)",
  description: "Customers only: no token is 401, sellers and admins get 403.",
  security: bearerAuth,
  middleware: [noStore, requireRoles("customer")],
  request: { query: ListOrdersQuery },
  responses: { 200: jsonContent(OrderListSchema, "A page of your orders"), ...errorResponses(400, 401, 403) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Orders"],
  summary: "One order: lines, totals, address, shipment and timeline",
  description:
    "The order's customer or an admin; another customer's order is 404. Sellers get 403. A card decline reads `card_declined` " +
    "to the customer whatever the issuer said; admins see the precise code (e.g. `insufficient_funds`).",
  security: bearerAuth,
  middleware: [noStore, requireRoles("customer", "admin")],
  request: { params: OrderIdParam },
  responses: { 200: jsonContent(OrderDetailSchema, "The order"), ...errorResponses(400, 401, 403, 404) },
});

/** A calendar date (YYYY-MM-DD), as POST /orders answers it: a delivery estimate has no time of day. */
const isoDate = (ms: number | null): string | null => (ms === null ? null : isoTime(ms).slice(0, 10));

const summaryJson = (o: OrderSummary) => ({
  order_id: o.id,
  status: o.status,
  status_reason: shopperReason(o.statusReason),
  total: o.totalMinor,
  currency: o.currency,
  item_count: o.itemCount,
  created_at: isoTime(o.createdAt),
  estimated_delivery: isoDate(o.estimatedDelivery),
});

// Timeline details are written by the saga and consumers; gateway references (charges, refunds,
// tokens) stay internal whatever a writer put there.
const INTERNAL_KEY = /charge|refund|token|gateway/i;
const publicData = (data: unknown): unknown =>
  typeof data === "object" && data !== null && !Array.isArray(data)
    ? Object.fromEntries(Object.entries(data).filter(([k]) => !INTERNAL_KEY.test(k)))
    : data;

/**
 * The order as its reader may see it. A shopper sees every card decline as `card_declined` and
 * none of the gateway's words about it; an admin sees the precise code (`insufficient_funds`...).
 */
const detailJson = (o: OrderDetail, asAdmin: boolean) => ({
  order_id: o.id,
  status: o.status,
  status_reason: asAdmin ? o.statusReason : shopperReason(o.statusReason),
  currency: o.currency,
  subtotal: o.subtotalMinor,
  shipping: o.shippingMinor,
  total: o.totalMinor,
  item_count: o.itemCount,
  created_at: isoTime(o.createdAt),
  updated_at: isoTime(o.updatedAt),
  estimated_delivery: isoDate(o.estimatedDelivery),
  payment: { payment_method_id: o.paymentMethodId },
  shipping_address: o.shippingAddress && {
    name: o.shippingAddress.name,
    line1: o.shippingAddress.line1,
    line2: o.shippingAddress.line2,
    city: o.shippingAddress.city,
    postal_code: o.shippingAddress.postalCode,
    country: o.shippingAddress.country,
  },
  shipment: o.carrier !== null && o.trackingNumber !== null ? { carrier: o.carrier, tracking_number: o.trackingNumber } : null,
  lines: o.lines.map((l) => ({
    line_no: l.lineNo,
    product_id: l.productId,
    title: l.title,
    qty: l.quantity,
    unit_price: l.unitPriceMinor,
    line_total: l.unitPriceMinor * l.quantity,
  })),
  timeline: o.timeline.map((e) =>
    asAdmin || !isDecline(e.reason)
      ? { kind: e.kind, status: e.status, reason: e.reason, at: isoTime(e.at), data: publicData(e.data) }
      : { kind: e.kind, status: e.status, reason: shopperReason(e.reason), at: isoTime(e.at), data: null },
  ),
});

export const orderReadRoutes = newRouter()
  .openapi(list, async (c) => {
    const { page_token: token, limit } = c.req.valid("query");
    const cursor = token ? decodePageToken(token, { c: "number", i: "string" }) : undefined;
    const after = cursor ? { createdAt: Number(cursor.c), id: String(cursor.i) } : undefined;
    const page = await listCustomerOrders(c.env, principalOf(c).userId, { after, limit });
    const last = page.items.at(-1);
    return c.json(
      {
        results: page.items.map(summaryJson),
        next_page_token: page.hasMore && last ? encodePageToken({ c: last.createdAt, i: last.id }) : null,
      },
      200,
    );
  })
  .openapi(read, async (c) => {
    const { id } = c.req.valid("param");
    const me = principalOf(c);
    const order = await loadOrderDetail(c.env, id);
    // Another customer's order is indistinguishable from no order: its id says nothing.
    if (!order || (me.role !== "admin" && order.customerId !== me.userId)) {
      throw new DomainError("not_found", "order_not_found", `No order ${id}.`);
    }
    return c.json(detailJson(order, me.role === "admin"), 200);
  });
