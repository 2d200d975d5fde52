// Fulfilment rules: what an admin's ship / out-for-delivery / deliver call does to an order, and
// which carrier scans move its status. Pure: statuses in, decisions out (no bindings, no clock).
import { DomainError } from "../shared/errors";
import type { NotificationKind } from "../shared/events";
import { assertTransition, canTransition, isAhead, type OrderStatus } from "../orders/order-status";

export const CARRIER_EVENT_STATUSES = ["in_transit", "out_for_delivery", "delivered", "exception"] as const;
export type CarrierEventStatus = (typeof CARRIER_EVENT_STATUSES)[number];

export interface CarrierEvent {
  id: string;
  status: CarrierEventStatus;
  /** Epoch ms of the scan, as the carrier reports it. */
  at: number;
  location?: string;
}

/** The status each admin step moves an order to, and the email it sends. */
export const ADMIN_STEPS = {
  ship: { to: "SHIPPED", notify: "shipped" },
  outForDelivery: { to: "OUT_FOR_DELIVERY", notify: "out_for_delivery" },
  deliver: { to: "DELIVERED", notify: "delivered" },
} as const satisfies Record<string, { to: OrderStatus; notify: NotificationKind }>;

/**
 * "already" when the order is in `to` (a repeated call answers 200 unchanged), "move" when the
 * machine has the edge; anything else is 422 illegal_transition.
 */
export const planAdminStep = (orderId: string, current: OrderStatus, to: OrderStatus): "already" | "move" => {
  if (current === to) return "already";
  assertTransition(orderId, current, to);
  return "move";
};

export const illegalTransition = (orderId: string, from: OrderStatus, to: OrderStatus) =>
  new DomainError("not_allowed", "illegal_transition", `Order ${orderId} is ${from}; it cannot become ${to}.`);

const MOVES: Partial<Record<CarrierEventStatus, OrderStatus>> = { out_for_delivery: "OUT_FOR_DELIVERY", delivered: "DELIVERED" };

/** Notification kind for a status a carrier scan can reach. */
export const CARRIER_NOTIFY: Partial<Record<OrderStatus, NotificationKind>> = {
  OUT_FOR_DELIVERY: "out_for_delivery",
  DELIVERED: "delivered",
};

/**
 * The status a scan moves the order to, or null: scans that carry no status, and scans for a
 * status the order has already passed (a late "out for delivery" after "delivered"), change nothing.
 */
export const carrierMove = (current: OrderStatus, status: CarrierEventStatus): OrderStatus | null => {
  const to = MOVES[status];
  return to !== undefined && isAhead(current, to) && canTransition(current, to) ? to : null;
};

/** Scans in the order they happened (stable for equal times: the carrier's own order). */
export const inEventOrder = <T extends { at: number }>(events: readonly T[]): T[] =>
  events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e);

/** A scan stamped in the future (a carrier's clock ahead of ours) is recorded at `now`. */
export const recordedAt = (eventAt: number, now: number): number => Math.min(eventAt, now);
