// Order emails: a subject and a plain-text body per notification kind, from the order's summary.
// Pure. Text only (no HTML, no markup): names and titles are shown as typed, never interpreted.
import { GENERIC_DECLINE, shopperReason } from "../payments/declines";
import type { NotificationKind } from "../shared/events";

export interface OrderLineSummary {
  title: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface OrderSummary {
  id: string;
  customerName: string | null;
  totalMinor: number;
  currency: string;
  lines: OrderLineSummary[];
  /** Epoch ms. */
  estimatedDelivery: number | null;
  carrier: string | null;
  trackingNumber: string | null;
  /** Why the order is where it is (`card_declined`, `insufficient_stock`...), when known. */
  reason: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

// Control characters (CR/LF above all) would let a product title or a name forge extra header
// lines in a subject or reshape the body: each becomes one space.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const clean = (s: string, max = 200): string => {
  const flat = s.replace(CONTROL, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export const formatMoney = (minor: number, currency: string): string => {
  try {
    const format = new Intl.NumberFormat("en-GB", { style: "currency", currency });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    // An unknown currency code still renders (as minor units with the code) rather than failing the email.
    return `${minor} ${clean(currency, 8)} (minor units)`;
  }
};

const formatDay = (ms: number): string =>
  new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(ms);

// Any card decline reads the same (payments/declines.ts): the precise reason is for admins.
const REASONS: Record<string, string> = {
  card_declined: GENERIC_DECLINE,
  invalid_card: "The card details were not valid.",
  insufficient_stock: "Some items sold out before we could reserve them.",
  reservation_lost: "Some items could no longer be held for you.",
  payment_timeout: "We did not receive a payment result in time.",
  cancelled_by_customer: "You cancelled it.",
  cancelled_by_admin: "Our customer service team cancelled it.",
};
const reasonLine = (precise: string | null): string[] => {
  const reason = shopperReason(precise);
  return reason === null ? [] : [REASONS[reason] ?? `Reason: ${clean(reason, 80).replace(/_/g, " ")}.`];
};

const linesBlock = (o: OrderSummary): string[] => [
  ...o.lines.map((l) => `  ${l.quantity} x ${clean(l.title)}  ${formatMoney(l.unitPriceMinor * l.quantity, o.currency)}`),
  `  Total: ${formatMoney(o.totalMinor, o.currency)}`,
];
const delivery = (o: OrderSummary, label = "Estimated delivery"): string[] =>
  o.estimatedDelivery === null ? [] : [`${label}: ${formatDay(o.estimatedDelivery)}`];
const tracking = (o: OrderSummary): string[] =>
  o.carrier && o.trackingNumber ? [`Carrier: ${clean(o.carrier, 60)}`, `Tracking number: ${clean(o.trackingNumber, 80)}`] : [];

type Template = (o: OrderSummary) => { subject: string; paragraphs: string[][] };

const TEMPLATES: Record<NotificationKind, Template> = {
  order_confirmed: (o) => ({
    subject: `Your order ${o.id} is confirmed`,
    paragraphs: [["Thank you for your order. Your payment went through and we are preparing it."], linesBlock(o), delivery(o)],
  }),
  payment_failed: (o) => ({
    subject: `Payment for order ${o.id} did not go through`,
    paragraphs: [
      ["We could not take payment for your order, so it has not been placed.", ...reasonLine(o.reason)],
      linesBlock(o),
      ["Nothing has been charged. You can place the order again with another payment method."],
    ],
  }),
  out_of_stock: (o) => ({
    subject: `We could not reserve the items for order ${o.id}`,
    paragraphs: [["Sorry: your order could not be completed.", ...reasonLine(o.reason)], linesBlock(o), ["Nothing has been charged."]],
  }),
  order_timed_out: (o) => ({
    subject: `Order ${o.id} was cancelled: payment not completed in time`,
    paragraphs: [
      ["Your order was cancelled because its payment was not completed in time.", ...reasonLine(o.reason)],
      linesBlock(o),
      ["Any amount held on your card is released."],
    ],
  }),
  order_cancelled: (o) => ({
    subject: `Order ${o.id} has been cancelled`,
    paragraphs: [
      ["Your order has been cancelled.", ...reasonLine(o.reason)],
      linesBlock(o),
      ["If you were charged, the refund goes back to your original payment method."],
    ],
  }),
  shipped: (o) => ({
    subject: `Order ${o.id} has shipped`,
    paragraphs: [["Good news: your order is on its way."], [...tracking(o), ...delivery(o)], linesBlock(o)],
  }),
  out_for_delivery: (o) => ({
    subject: `Order ${o.id} is out for delivery`,
    paragraphs: [["Your order is out for delivery and should arrive today."], tracking(o)],
  }),
  delivered: (o) => ({
    subject: `Order ${o.id} was delivered`,
    paragraphs: [["Your order has been delivered. We hope you enjoy it."], tracking(o)],
  }),
};

export const renderNotification = (kind: NotificationKind, order: OrderSummary): RenderedEmail => {
  const { subject, paragraphs } = TEMPLATES[kind]({ ...order, id: clean(order.id, 64) });
  const name = order.customerName ? clean(order.customerName, 100) : "";
  const body = [[name ? `Hello ${name},` : "Hello,"], ...paragraphs, [`Order number: ${clean(order.id, 64)}`]]
    .filter((p) => p.length > 0)
    .map((p) => p.join("\n"))
    .join("\n\n");
  return { subject: clean(subject, 250), text: `${body}\n` };
};
