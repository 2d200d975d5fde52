// One order in the "Your orders" list: number, date, total, item count, status badge and
// delivery estimate, with a link to the order page; `setRowStatus` applies a live change.
import { h, replace } from "./dom";
import { dateTime, day, money, statusLabel } from "./format";
import { TERMINAL, type OrderSummary } from "./order-api";
import { orderPanels } from "./order-panels";
import { statusTone } from "./order-text";

export const orderHref = (id: string): string => `/order?id=${encodeURIComponent(id)}`;

const badge = (status: string) =>
  h(
    "span",
    { class: `status-badge tone-${statusTone(status)}`, "data-testid": "order-status-badge", "data-status": status },
    statusLabel(status),
  );

/** The estimate as the order page shows it for this status (order-panels.ts): a date, "Today"
 * once out for delivery, nothing once delivered, cancelled or failed. */
const estimateParts = (status: string, date: string | null) => {
  const e = orderPanels(status, null, date).estimate;
  return e === null
    ? null
    : e.kind === "today"
      ? [h("dt", {}, "Arriving"), h("dd", {}, "Today")]
      : [h("dt", {}, "Estimated delivery"), h("dd", {}, day(e.date))];
};

const estimate = (o: OrderSummary) => {
  const parts = estimateParts(o.status, o.estimated_delivery);
  return h("div", { class: "estimate-slot", hidden: parts === null }, parts);
};

export const orderRow = (o: OrderSummary) => {
  const titleId = `order-${o.order_id}`;
  return h(
    "li",
    { class: "order-card", "data-testid": "order-row", "data-order-id": o.order_id, "aria-labelledby": titleId },
    h(
      "div",
      { class: "order-card-head" },
      h(
        "h2",
        { id: titleId, class: "order-card-title" },
        h("a", { href: orderHref(o.order_id) }, h("span", { class: "visually-hidden" }, "Order "), o.order_id),
      ),
      h("span", { class: "badge-slot" }, badge(o.status)),
    ),
    h(
      "dl",
      { class: "order-facts" },
      h("div", {}, h("dt", {}, "Placed"), h("dd", {}, h("time", { datetime: o.created_at }, dateTime(o.created_at)))),
      h("div", {}, h("dt", {}, "Total"), h("dd", { class: "price" }, money(o.total, o.currency))),
      h("div", {}, h("dt", {}, "Items"), h("dd", {}, o.item_count)),
      estimate(o),
    ),
    h("a", { class: "button secondary view-order", href: orderHref(o.order_id), "aria-describedby": titleId }, "View order"),
  );
};

const ORDER = ["PENDING", "RESERVED", "PAID", "SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED"];

/** Whether a live update moves an order on (updates can be replayed or arrive late). */
export const movesOn = (from: string, to: string): boolean =>
  !TERMINAL.has(from) && (to === "CANCELLED" || to === "FAILED" || ORDER.indexOf(to) > ORDER.indexOf(from));

/** Applies a live status to a row; true when it changed. */
export const setRowStatus = (row: HTMLElement, o: OrderSummary, status: string): boolean => {
  if (!movesOn(o.status, status)) return false;
  o.status = status as OrderSummary["status"];
  const slot = row.querySelector<HTMLElement>(".badge-slot");
  if (slot) replace(slot, badge(status));
  const est = row.querySelector<HTMLElement>(".estimate-slot");
  if (est) {
    const parts = estimateParts(status, o.estimated_delivery);
    replace(est, parts);
    est.hidden = parts === null;
  }
  return true;
};
