// Order reads for the customer's order pages: a keyset page of their orders, and one order with
// its lines and timeline read in one batch (one consistent snapshot). Storage only; D1 primary,
// so an order placed a moment ago is already listed.
import { isOrderStatus, type OrderStatus } from "./order-status";

export interface OrderSummary {
  id: string;
  status: OrderStatus;
  statusReason: string | null;
  totalMinor: number;
  currency: string;
  itemCount: number;
  createdAt: number;
  estimatedDelivery: number | null;
}

export interface ShippingAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
}

export interface TimelineEntry {
  kind: string;
  status: string;
  reason: string | null;
  at: number;
  data: unknown;
}

export interface OrderDetail extends OrderSummary {
  customerId: string | null;
  subtotalMinor: number | null;
  shippingMinor: number | null;
  updatedAt: number;
  paymentMethodId: string | null;
  shippingAddress: ShippingAddress | null;
  carrier: string | null;
  trackingNumber: string | null;
  lines: { lineNo: number; productId: string; title: string; quantity: number; unitPriceMinor: number }[];
  timeline: TimelineEntry[];
}

type SummaryRow = {
  id: string;
  status: string;
  status_reason: string | null;
  total_minor: number;
  currency: string;
  item_count: number;
  created_at: number;
  estimated_delivery: number | null;
};
type DetailRow = SummaryRow & {
  customer_id: string | null;
  subtotal_minor: number | null;
  shipping_minor: number | null;
  updated_at: number;
  payment_method_id: string | null;
  shipping_address: string | null;
  carrier: string | null;
  tracking_number: string | null;
};

const SUMMARY = "id, status, status_reason, total_minor, currency, item_count, created_at, estimated_delivery";

const toSummary = (r: SummaryRow, status: OrderStatus): OrderSummary => ({
  id: r.id,
  status,
  statusReason: r.status_reason,
  totalMinor: r.total_minor,
  currency: r.currency,
  itemCount: r.item_count,
  createdAt: r.created_at,
  estimatedDelivery: r.estimated_delivery,
});

const parseJson = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The checkout's snapshot (the Address it saved, camelCase; snake_case tolerated), or null. */
const toShippingAddress = (text: string | null): ShippingAddress | null => {
  const a = parseJson(text);
  if (typeof a !== "object" || a === null) return null;
  const r = a as Record<string, unknown>;
  const address = {
    name: str(r.name),
    line1: str(r.line1),
    line2: str(r.line2),
    city: str(r.city),
    postalCode: str(r.postalCode ?? r.postal_code),
    country: str(r.country),
  };
  const { name, line1, city, postalCode, country } = address;
  if (name === null || line1 === null || city === null || postalCode === null || country === null) return null;
  return { name, line1, line2: address.line2, city, postalCode, country };
};

/** One page of the customer's orders, newest first, strictly after the cursor (created_at, id). */
export const listCustomerOrders = async (
  env: Cloudflare.Env,
  customerId: string,
  page: { after?: { createdAt: number; id: string }; limit: number },
): Promise<{ items: OrderSummary[]; hasMore: boolean }> => {
  const after = page.after;
  const stmt = after
    ? env.DB.prepare(
        `SELECT ${SUMMARY} FROM orders WHERE customer_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
         ORDER BY created_at DESC, id DESC LIMIT ?`,
      ).bind(customerId, after.createdAt, after.createdAt, after.id, page.limit + 1)
    : env.DB.prepare(`SELECT ${SUMMARY} FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`).bind(
        customerId,
        page.limit + 1,
      );
  const { results } = await stmt.all<SummaryRow>();
  const items = results.flatMap((r) => (isOrderStatus(r.status) ? [toSummary(r, r.status)] : []));
  return { items: items.slice(0, page.limit), hasMore: results.length > page.limit };
};

export const loadOrderDetail = async (env: Cloudflare.Env, orderId: string): Promise<OrderDetail | null> => {
  const [orders, lines, events] = await env.DB.batch([
    env.DB.prepare(`SELECT * FROM orders WHERE id = ?`).bind(orderId),
    env.DB.prepare(
      `SELECT line_no, product_id, title, quantity, unit_price_minor FROM order_lines WHERE order_id = ? ORDER BY line_no`,
    ).bind(orderId),
    // rowid breaks ties in insertion order (a transition and its first scan can share a millisecond).
    env.DB.prepare(`SELECT kind, status, reason, data, at FROM order_events WHERE order_id = ? ORDER BY at, rowid`).bind(orderId),
  ]);
  const o = orders?.results[0] as DetailRow | undefined;
  if (!o || !isOrderStatus(o.status)) return null;
  type LineRow = { line_no: number; product_id: string; title: string; quantity: number; unit_price_minor: number };
  type EventRow = { kind: string; status: string; reason: string | null; data: string | null; at: number };
  return {
    ...toSummary(o, o.status),
    customerId: o.customer_id,
    subtotalMinor: o.subtotal_minor,
    shippingMinor: o.shipping_minor,
    updatedAt: o.updated_at,
    paymentMethodId: o.payment_method_id,
    shippingAddress: toShippingAddress(o.shipping_address),
    carrier: o.carrier,
    trackingNumber: o.tracking_number,
    lines: ((lines?.results ?? []) as LineRow[]).map((l) => ({
      lineNo: l.line_no,
      productId: l.product_id,
      title: l.title,
      quantity: l.quantity,
      unitPriceMinor: l.unit_price_minor,
    })),
    timeline: ((events?.results ?? []) as EventRow[]).map((e) => ({
      kind: e.kind,
      status: e.status,
      reason: e.reason,
      at: e.at,
      data: parseJson(e.data),
    })),
  };
};
