// Order fixtures written straight into D1, so order reads and fulfilment are tested in any status
// without running the checkout saga; and an admin account (admins are not self-registered).
import { env } from "cloudflare:workers";
import type { OrderStatus } from "../../workers/orders/order-status";
import { timelineId } from "../../workers/orders/transitions.repo";
import { newOrderId } from "../../workers/shared/ids";

export interface SeedLine {
  productId: string;
  title?: string;
  qty: number;
  unitPrice: number;
}

export interface SeedOrder {
  customerId: string;
  lines: SeedLine[];
  id?: string;
  status?: OrderStatus;
  statusReason?: string | null;
  createdAt?: number;
  shippingMinor?: number;
  currency?: string;
  /** Stored as the JSON snapshot, as the checkout writes it. */
  shippingAddress?: Record<string, unknown> | null;
  paymentMethodId?: string | null;
  chargeId?: string | null;
  carrier?: string | null;
  trackingNumber?: string | null;
  estimatedDelivery?: number | null;
  /** Imported orders have no subtotal/shipping split. */
  imported?: boolean;
}

export const sampleAddressSnapshot = {
  id: "adr_0123456789abcdef",
  name: "Ann Example",
  line1: "1 High Street",
  line2: null,
  city: "London",
  postalCode: "SW1A 1AA",
  country: "GB",
  createdAt: 1_700_000_000_000,
};

/** Inserts the order, its lines and a timeline row for its status; answers the order id. */
export const insertOrder = async (o: SeedOrder): Promise<string> => {
  const id = o.id ?? newOrderId();
  const status = o.status ?? "PAID";
  const createdAt = o.createdAt ?? Date.now();
  const subtotal = o.lines.reduce((sum, l) => sum + l.qty * l.unitPrice, 0);
  const shipping = o.shippingMinor ?? 0;
  const itemCount = o.lines.reduce((sum, l) => sum + l.qty, 0);
  const db = env.DB;
  await db.batch([
    db
      .prepare(
        `INSERT INTO orders (id, customer_id, status, status_reason, currency, total_minor, item_count, subtotal_minor, shipping_minor,
         shipping_address, payment_method_id, charge_id, carrier, tracking_number, estimated_delivery, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        id,
        o.customerId,
        status,
        o.statusReason ?? null,
        o.currency ?? "GBP",
        subtotal + shipping,
        itemCount,
        o.imported ? null : subtotal,
        o.imported ? null : shipping,
        o.shippingAddress === undefined
          ? o.imported
            ? null
            : JSON.stringify(sampleAddressSnapshot)
          : o.shippingAddress && JSON.stringify(o.shippingAddress),
        o.paymentMethodId === undefined ? (o.imported ? null : "pm_0123456789abcdef") : o.paymentMethodId,
        o.chargeId ?? null,
        o.carrier ?? null,
        o.trackingNumber ?? null,
        o.estimatedDelivery === undefined ? createdAt + 3 * 86_400_000 : o.estimatedDelivery,
        createdAt,
        createdAt,
      ),
    ...o.lines.map((l, i) =>
      db
        .prepare(`INSERT INTO order_lines (order_id, line_no, product_id, title, quantity, unit_price_minor) VALUES (?, ?, ?, ?, ?, ?)`)
        .bind(id, i + 1, l.productId, l.title ?? `Item ${i + 1}`, l.qty, l.unitPrice),
    ),
    db
      .prepare(`INSERT INTO order_events (id, order_id, kind, status, reason, data, at) VALUES (?, ?, 'status', ?, NULL, NULL, ?)`)
      .bind(timelineId(id, status), id, status, createdAt),
  ]);
  return id;
};

/** The order's timeline rows, oldest first. */
export const timelineOf = async (orderId: string) =>
  (
    await env.DB.prepare(`SELECT id, kind, status, reason, data, at FROM order_events WHERE order_id = ? ORDER BY at, rowid`)
      .bind(orderId)
      .all<{ id: string; kind: string; status: string; reason: string | null; data: string | null; at: number }>()
  ).results;

/** The order's outbox rows (events and notifications it emitted). */
export const outboxOf = async (orderId: string) =>
  (
    await env.DB.prepare(`SELECT id, queue, type, payload FROM outbox WHERE order_id = ? ORDER BY created_at, id`)
      .bind(orderId)
      .all<{ id: string; queue: string; type: string; payload: string }>()
  ).results;
