// How an order's state reads to a shopper: the headline for each status, a plain-language
// reason for a failed or cancelled order, and the sentence announced when the status changes.
import { statusLabel } from "./format";

const REASONS: Record<string, string> = {
  // Every decline reaches a shopper as card_declined: the issuer's precise reason is for admins.
  card_declined: "Your card was declined. Try another card or contact your bank. No money was taken.",
  invalid_card: "Your card details were not accepted. No money was taken.",
  payment_timeout: "We could not confirm your payment in time. No money was taken.",
  timeout: "We could not confirm your payment in time. No money was taken.",
  gateway_error: "Our payment provider could not take the payment. No money was taken.",
  insufficient_stock: "An item sold out before we could reserve it. No money was taken.",
  inventory_failed: "We could not reserve your items. No money was taken.",
  reservation_lost: "An item was no longer available after payment. You have been refunded in full.",
  cancelled_by_customer: "You cancelled this order.",
  cancelled_by_admin: "Edge Shop cancelled this order. Any payment has been refunded.",
};

/** A plain-language reason for a FAILED or CANCELLED order (never a raw code). */
export const reasonText = (status: string, reason: string | null): string => {
  if (reason && REASONS[reason]) return REASONS[reason];
  return status === "FAILED"
    ? "We could not take payment for this order. No money was taken."
    : "This order was cancelled. Any payment has been refunded.";
};

const HEADLINES: Record<string, string> = {
  PENDING: "Order placed: we are reserving your items",
  RESERVED: "Order placed: confirming your payment",
  PAID: "Payment confirmed: preparing your order",
  SHIPPED: "Shipped: on its way to you",
  OUT_FOR_DELIVERY: "Out for delivery today",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
  FAILED: "Payment failed",
};

export const headline = (status: string): string => HEADLINES[status] ?? statusLabel(status);

const ANNOUNCE: Record<string, string> = {
  RESERVED: "Your items are reserved",
  PAID: "Your payment is confirmed",
  SHIPPED: "Your order has shipped",
  OUT_FOR_DELIVERY: "Your order is out for delivery",
  DELIVERED: "Your order has been delivered",
  CANCELLED: "Your order has been cancelled",
  FAILED: "Your payment failed",
};

/** The polite announcement for a live change ("Your order has shipped"). */
export const announcement = (status: string, orderId?: string): string => {
  const text = ANNOUNCE[status] ?? `Your order is now ${statusLabel(status).toLowerCase()}`;
  return orderId ? `${text.replace("Your order", `Order ${orderId}`)}` : text;
};

/** The badge tone for a status (colour is never the only signal: the label is always shown). */
export const statusTone = (status: string): string =>
  status === "DELIVERED"
    ? "ok"
    : status === "CANCELLED" || status === "FAILED"
      ? "bad"
      : status === "PENDING" || status === "RESERVED"
        ? "wait"
        : "go";
