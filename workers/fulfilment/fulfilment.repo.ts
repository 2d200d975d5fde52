// Fulfilment storage reads: the order a (carrier, tracking number) pair belongs to (unique index
// orders_tracking_unique). Status changes go through orders/transitions.repo.ts only.
import { isOrderStatus, type OrderStatus } from "../orders/order-status";

export const findOrderByTracking = async (
  env: Cloudflare.Env,
  carrier: string,
  trackingNumber: string,
): Promise<{ id: string; status: OrderStatus } | null> => {
  const row = await env.DB.prepare(`SELECT id, status FROM orders WHERE carrier = ? AND tracking_number = ?`)
    .bind(carrier, trackingNumber)
    .first<{ id: string; status: string }>();
  return row && isOrderStatus(row.status) ? { id: row.id, status: row.status } : null;
};
