// The order state machine. Statuses only move forward along these edges; every status change in
// D1 is a conditional UPDATE whose WHERE lists `predecessors(to)`, so a redelivered or late event
// can never move an order back. Pure: no bindings, no clock.
import { DomainError } from "../shared/errors";

export const ORDER_STATUSES = ["PENDING", "RESERVED", "PAID", "SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED", "CANCELLED", "FAILED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const EDGES: Record<OrderStatus, readonly OrderStatus[]> = {
  // Stock reserved, or refused (CANCELLED), or no result before the deadline (FAILED).
  PENDING: ["RESERVED", "CANCELLED", "FAILED"],
  // Paid; or declined / timed out (FAILED); or cancelled by the customer before payment.
  RESERVED: ["PAID", "FAILED", "CANCELLED"],
  // Cancel before shipping refunds the charge and returns the units.
  PAID: ["SHIPPED", "CANCELLED"],
  SHIPPED: ["OUT_FOR_DELIVERY", "DELIVERED"],
  OUT_FOR_DELIVERY: ["DELIVERED"],
  DELIVERED: [],
  CANCELLED: [],
  FAILED: [],
};

export const TERMINAL_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => EDGES[s].length === 0);

/** Statuses still waiting on the saga (the payment deadline applies to them). */
export const OPEN_STATUSES = ["PENDING", "RESERVED"] as const satisfies readonly OrderStatus[];

/** Statuses a customer or admin may cancel from (anything before shipping). */
export const CANCELLABLE_STATUSES = ["PENDING", "RESERVED", "PAID"] as const satisfies readonly OrderStatus[];

export const isOrderStatus = (s: unknown): s is OrderStatus => ORDER_STATUSES.includes(s as OrderStatus);

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => EDGES[from].includes(to);

/** Every status `to` can be reached from in one step: the WHERE of the conditional update. */
export const predecessors = (to: OrderStatus): OrderStatus[] => ORDER_STATUSES.filter((s) => EDGES[s].includes(to));

/** Throws not_allowed/illegal_transition for an edge the machine does not have. */
export const assertTransition = (orderId: string, from: OrderStatus, to: OrderStatus): void => {
  if (!canTransition(from, to)) {
    throw new DomainError("not_allowed", "illegal_transition", `Order ${orderId} is ${from}; it cannot become ${to}.`);
  }
};

/** Whether `to` lies ahead of `from` (reachable by some path): late events for passed states are no-ops. */
export const isAhead = (from: OrderStatus, to: OrderStatus): boolean => {
  const seen = new Set<OrderStatus>();
  const walk = (s: OrderStatus): boolean =>
    EDGES[s].some((n) => {
      if (n === to) return true;
      if (seen.has(n)) return false;
      seen.add(n);
      return walk(n);
    });
  return walk(from);
};
