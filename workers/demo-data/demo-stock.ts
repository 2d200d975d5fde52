// Initial stock for the demo catalog, derived from the sales history. Pure.
//
// Rule: four weeks of each product's recent demand, i.e. units delivered in the last 90 days
// of the imported history × 28 / 90, rounded up. Products not sold in those 90 days start out
// of stock (discontinued lines), so browsing and carts meet real out-of-stock items.
import type { ImportedOrder } from "./retail-types";

export const DEMAND_WINDOW_DAYS = 90;
export const STOCK_COVER_DAYS = 28;
const DAY_MS = 86_400_000;

export const initialStock = (productIds: readonly string[], orders: readonly ImportedOrder[]): Map<string, number> => {
  const delivered = orders.filter((o) => o.status === "DELIVERED");
  const end = delivered.reduce((max, o) => Math.max(max, o.createdAt), 0);
  const start = end - DEMAND_WINDOW_DAYS * DAY_MS;
  const units = new Map<string, number>();
  for (const o of delivered) {
    if (o.createdAt <= start) continue;
    for (const l of o.lines) units.set(l.productId, (units.get(l.productId) ?? 0) + l.quantity);
  }
  return new Map(productIds.map((id) => [id, Math.ceil(((units.get(id) ?? 0) * STOCK_COVER_DAYS) / DEMAND_WINDOW_DAYS)]));
};
