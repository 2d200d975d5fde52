// What every panel of the order page says for the order's current status, as one pure table:
// the after-checkout banner (thanks and what happens next), the headline, the delivery
// estimate, why a failed or cancelled order stopped, the retry link and the cancel button. The
// page only draws this, so no panel can contradict another (a declined order never says "Thank
// you, your order has been placed"; a delivered one never promises to reserve its items). Pure,
// no DOM: unit-tested for every status.
import { CANCELLABLE_STATUSES } from "../../orders/order-status";
import { headline, reasonText, statusTone } from "./order-text";

/** The banner shown after checkout (?placed=1): null when there is nothing to thank for. */
export interface PlacedBanner {
  title: string;
  /** What is still ahead for this order, in order; empty once it has all happened. */
  next: string[];
}

/** The delivery estimate: a date while one is meaningful, "today" once out for delivery. */
export type EstimateView = { kind: "date"; date: string } | { kind: "today" } | null;

export interface OrderPanels {
  banner: PlacedBanner | null;
  headline: string;
  tone: string;
  estimate: EstimateView;
  /** Why the order stopped (FAILED, CANCELLED), in plain words. */
  reason: string | null;
  /** A link back to the cart to try again (a failed payment). */
  retry: boolean;
  cancellable: boolean;
}

const WAITING = new Set(["PENDING", "RESERVED"]);
const ON_ITS_WAY = new Set(["PENDING", "RESERVED", "PAID", "SHIPPED"]);
const STOPPED = new Set(["CANCELLED", "FAILED"]);
const CANCELLABLE = new Set<string>(CANCELLABLE_STATUSES);

export const RESERVE_STEP = "We reserve your items and confirm your payment, usually within a few seconds.";
export const SHIP_EMAIL_STEP = "We email you when your order ships, with its tracking number.";
export const UPDATES_STEP = "This page updates by itself as your order moves.";
export const CANCEL_STEP = "You can cancel until it ships.";

const banner = (status: string): PlacedBanner | null => {
  if (STOPPED.has(status)) return null; // "Payment failed" / "Cancelled" say it all
  const next = [
    WAITING.has(status) ? RESERVE_STEP : null,
    WAITING.has(status) || status === "PAID" ? SHIP_EMAIL_STEP : null,
    status !== "DELIVERED" ? UPDATES_STEP : null,
    CANCELLABLE.has(status) ? CANCEL_STEP : null,
  ].filter((s): s is string => s !== null);
  return { title: WAITING.has(status) ? "Thank you, your order has been placed" : "Thank you for your order", next };
};

const estimate = (status: string, date: string | null): EstimateView =>
  status === "OUT_FOR_DELIVERY" ? { kind: "today" } : date && ON_ITS_WAY.has(status) ? { kind: "date", date } : null;

/** Every panel's content for an order in `status` (with its reason and estimated delivery date). */
export const orderPanels = (status: string, reason: string | null, estimatedDelivery: string | null): OrderPanels => ({
  banner: banner(status),
  headline: headline(status),
  tone: statusTone(status),
  estimate: estimate(status, estimatedDelivery),
  reason: STOPPED.has(status) ? reasonText(status, reason) : null,
  retry: status === "FAILED",
  cancellable: CANCELLABLE.has(status),
});
