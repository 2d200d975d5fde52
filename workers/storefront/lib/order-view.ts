// The order page's parts: the items, totals, delivery address, and the parts a status change
// redraws (the "order placed" banner, the headline with delivery estimate, the shipment); what
// the status-dependent ones say comes from order-panels.ts.
import { h } from "./dom";
import { dateTime, day, money } from "./format";
import type { OrderDetail } from "./order-api";
import type { EstimateView, OrderPanels } from "./order-panels";
import { productHref } from "./product-card";

/** The after-checkout banner for the order's current status (nothing for a failed or cancelled one). */
export const placedBanner = (id: string, p: OrderPanels) =>
  p.banner
    ? h(
        "section",
        { class: "notice placed-banner", "data-testid": "placed-banner", "aria-labelledby": "placed-title" },
        h("h2", { id: "placed-title", tabindex: -1 }, p.banner.title),
        h("p", {}, "Order number ", h("strong", { class: "order-no" }, id)),
        p.banner.next.length
          ? [
              h("p", {}, "What happens next:"),
              h(
                "ul",
                {},
                p.banner.next.map((s) => h("li", {}, s)),
              ),
            ]
          : null,
      )
    : null;

const estimateLine = (e: EstimateView) =>
  e === null
    ? null
    : e.kind === "today"
      ? h("p", { class: "estimate", "data-testid": "estimated-delivery" }, h("strong", {}, "Arriving today"))
      : h("p", { class: "estimate", "data-testid": "estimated-delivery" }, "Estimated delivery: ", h("strong", {}, day(e.date)));

/** The status headline (data-status always the current status), the delivery estimate, and why
 * a failed or cancelled order stopped. */
export const statusHeadline = (status: string, p: OrderPanels) =>
  h(
    "div",
    { class: "status-line" },
    h("p", { class: `order-status tone-${p.tone}`, "data-testid": "order-status", "data-status": status }, p.headline),
    estimateLine(p.estimate),
    p.reason ? h("p", { class: "status-reason" }, p.reason) : null,
    p.retry ? h("p", {}, h("a", { href: "/cart" }, "Go to your cart to try again")) : null,
  );

const CARRIERS: Record<string, string> = { fedex: "FedEx", usps: "USPS", parcelforce: "Parcelforce", "royal-mail": "Royal Mail" };
/** "royal-mail" → "Royal Mail", "dpd" → "DPD" (short codes are acronyms). */
const carrierName = (code: string): string =>
  CARRIERS[code] ??
  code
    .split(/[-_]/)
    .map((w) => (w.length <= 3 ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");

const SCAN: Record<string, string> = {
  in_transit: "In transit",
  out_for_delivery: "Out for delivery",
  delivered: "Delivered",
  exception: "Delivery problem",
};

/** Carrier and tracking number once shipped, with the carrier's scans; null before shipping. */
export const shipmentSection = (o: OrderDetail) => {
  if (!o.shipment) return null;
  const scans = o.timeline.filter((e) => e.kind === "tracking").reverse();
  const location = (d: unknown) => (typeof d === "object" && d && "location" in d && typeof d.location === "string" ? d.location : null);
  return h(
    "section",
    { class: "panel", "aria-labelledby": "shipment-title", "data-testid": "shipment" },
    h("h2", { id: "shipment-title" }, "Shipment"),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Carrier"),
      h("dd", {}, carrierName(o.shipment.carrier)),
      h("dt", {}, "Tracking number"),
      h("dd", { class: "tracking-no", "data-testid": "tracking-number" }, o.shipment.tracking_number),
    ),
    scans.length
      ? h(
          "ul",
          { class: "scans", "aria-label": "Carrier updates" },
          scans.map((s) =>
            h(
              "li",
              {},
              h("span", {}, SCAN[s.status] ?? s.status, location(s.data) ? ` · ${location(s.data)}` : ""),
              " ",
              h("time", { datetime: s.at, class: "muted" }, dateTime(s.at)),
            ),
          ),
        )
      : null,
  );
};

export const itemsSection = (o: OrderDetail) =>
  h(
    "section",
    { "aria-labelledby": "items-title" },
    h("h2", { id: "items-title" }, `Items (${o.item_count})`),
    h(
      "table",
      { class: "lines" },
      h("caption", { class: "visually-hidden" }, "Items in this order"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Item"),
          h("th", { scope: "col" }, "Qty"),
          h("th", { scope: "col" }, "Price"),
          h("th", { scope: "col" }, "Total"),
        ),
      ),
      h(
        "tbody",
        {},
        o.lines.map((l) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, h("a", { href: productHref(l.product_id) }, l.title)),
            h("td", { "data-label": "Qty" }, l.qty),
            h("td", { "data-label": "Price" }, money(l.unit_price, o.currency)),
            h("td", { "data-label": "Total" }, money(l.line_total, o.currency)),
          ),
        ),
      ),
    ),
  );

export const summarySection = (o: OrderDetail) => {
  const a = o.shipping_address;
  return h(
    "section",
    { class: "panel", "aria-labelledby": "summary-title" },
    h("h2", { id: "summary-title" }, "Order summary"),
    h(
      "dl",
      { class: "totals" },
      o.subtotal !== null ? [h("dt", {}, "Items"), h("dd", {}, money(o.subtotal, o.currency))] : null,
      o.shipping !== null ? [h("dt", {}, "Delivery"), h("dd", {}, o.shipping === 0 ? "Free" : money(o.shipping, o.currency))] : null,
      h("dt", { class: "grand" }, "Order total"),
      h("dd", { class: "grand", "data-testid": "order-total" }, money(o.total, o.currency)),
    ),
    h("h3", {}, "Delivery address"),
    a
      ? h(
          "address",
          {},
          [a.name, a.line1, a.line2, a.city, a.postal_code, a.country].filter(Boolean).map((line) => h("span", {}, line)),
        )
      : h("p", { class: "muted" }, "No address on record for this order."),
    h("p", { class: "muted placed-at" }, "Placed ", h("time", { datetime: o.created_at }, dateTime(o.created_at))),
  );
};
