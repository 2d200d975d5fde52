// Order storage reads for the saga and the API: one order with its lines, the open orders past
// their payment deadline. Storage only: rules live in order-status.ts and orders.ts.
import { isOrderStatus, type OrderStatus } from "./order-status";

export interface StoredOrderLine {
  lineNo: number;
  productId: string;
  title: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface StoredOrder {
  id: string;
  customerId: string | null;
  status: OrderStatus;
  statusReason: string | null;
  currency: string;
  subtotalMinor: number | null;
  shippingMinor: number | null;
  totalMinor: number;
  itemCount: number;
  paymentMethodId: string | null;
  paymentDeadline: number | null;
  estimatedDelivery: number | null;
  chargeId: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  createdAt: number;
  updatedAt: number;
  lines: StoredOrderLine[];
}

type OrderRow = {
  id: string;
  customer_id: string | null;
  status: string;
  status_reason: string | null;
  currency: string;
  subtotal_minor: number | null;
  shipping_minor: number | null;
  total_minor: number;
  item_count: number;
  payment_method_id: string | null;
  payment_deadline: number | null;
  estimated_delivery: number | null;
  charge_id: string | null;
  carrier: string | null;
  tracking_number: string | null;
  created_at: number;
  updated_at: number;
};
type LineRow = { line_no: number; product_id: string; title: string; quantity: number; unit_price_minor: number };

/** The order and its lines from the primary (the saga must see its own writes), or null. */
export const loadOrder = async (env: Cloudflare.Env, orderId: string): Promise<StoredOrder | null> => {
  const [orders, lines] = await env.DB.batch([
    env.DB.prepare(`SELECT * FROM orders WHERE id = ?`).bind(orderId),
    env.DB.prepare(
      `SELECT line_no, product_id, title, quantity, unit_price_minor FROM order_lines WHERE order_id = ? ORDER BY line_no`,
    ).bind(orderId),
  ]);
  const o = orders?.results[0] as OrderRow | undefined;
  if (!o || !isOrderStatus(o.status)) return null;
  return {
    id: o.id,
    customerId: o.customer_id,
    status: o.status,
    statusReason: o.status_reason,
    currency: o.currency,
    subtotalMinor: o.subtotal_minor,
    shippingMinor: o.shipping_minor,
    totalMinor: o.total_minor,
    itemCount: o.item_count,
    paymentMethodId: o.payment_method_id,
    paymentDeadline: o.payment_deadline,
    estimatedDelivery: o.estimated_delivery,
    chargeId: o.charge_id,
    carrier: o.carrier,
    trackingNumber: o.tracking_number,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    lines: ((lines?.results ?? []) as LineRow[]).map((l) => ({
      lineNo: l.line_no,
      productId: l.product_id,
      title: l.title,
      quantity: l.quantity,
      unitPriceMinor: l.unit_price_minor,
    })),
  };
};

/** Ids of orders still waiting on the saga whose payment deadline has passed. */
export const overdueOrderIds = async (env: Cloudflare.Env, now: number, limit = 200): Promise<string[]> => {
  const { results } = await env.DB.prepare(
    `SELECT id FROM orders WHERE status IN ('PENDING', 'RESERVED') AND payment_deadline IS NOT NULL AND payment_deadline < ? ORDER BY payment_deadline LIMIT ?`,
  )
    .bind(now, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
};
