// One line of the cart page: picture, title link, unit price, the line's flags (price changed,
// stock, no longer sold), the quantity form, Remove, and the line total.
import { MAX_LINE_QTY } from "../../cart/cart";
import type { InferResponseType } from "hono/client";
import type { api } from "./api";
import { h } from "./dom";
import { money } from "./format";
import { productImage } from "./images";
import { productHref } from "./product-card";

export type Cart = InferResponseType<typeof api.api.v1.cart.$get, 200>;
export type CartLine = Cart["lines"][number];

/** The most of one product a cart line holds: the API's own rule. */
export const MAX_QTY = MAX_LINE_QTY;

export const lineTitle = (l: CartLine): string => l.title ?? `Product ${l.product_id}`;

/** What is wrong with a line, each as one short sentence (empty when nothing is). */
export const lineFlags = (l: CartLine): { text: string; kind: "warning" | "bad" }[] => {
  if (l.unavailable) return [{ text: "No longer available", kind: "bad" }];
  const flags: { text: string; kind: "warning" | "bad" }[] = [];
  if (l.price_changed) {
    flags.push({ text: `Price changed from ${money(l.price_at_add, l.currency)} to ${money(l.unit_price, l.currency)}`, kind: "warning" });
  }
  if (l.out_of_stock) flags.push({ text: l.available > 0 ? `Only ${l.available} available` : "Out of stock", kind: "bad" });
  return flags;
};

/** Whether a line stops checkout (it cannot be bought as it stands). */
export const blocksCheckout = (l: CartLine): boolean => l.unavailable || l.out_of_stock;

/** Why a quantity typed by the shopper is not acceptable, or null. */
export const qtyProblem = (raw: string, l: CartLine): string | null => {
  if (!/^\d+$/.test(raw.trim())) return "Enter a whole number of at least 1.";
  const n = Number(raw);
  if (n < 1) return "Enter at least 1 (or use Remove).";
  if (n > MAX_QTY) return `At most ${MAX_QTY} of one product.`;
  if (n > l.available) return l.available > 0 ? `Only ${l.available} available.` : "This item is out of stock.";
  return null;
};

export interface LineHandlers {
  setQty: (line: CartLine, input: HTMLInputElement, error: HTMLElement) => void;
  remove: (line: CartLine, button: HTMLButtonElement, error: HTMLElement) => void;
}

export const cartLine = (l: CartLine, on: LineHandlers) => {
  const title = lineTitle(l);
  const id = `line-${l.product_id}`;
  const href = productHref(l.product_id);
  const qtyError = h("p", { id: `${id}-qty-error`, class: "field-error" });
  const lineError = h("p", { class: "co-error", role: "alert" });
  const flags = lineFlags(l);
  const flagList = flags.length
    ? h(
        "ul",
        { class: "line-flags", id: `${id}-flags` },
        flags.map((f) => h("li", { class: `flag flag-${f.kind}`, "data-testid": "line-flag" }, f.text)),
      )
    : null;

  let qtyControl: HTMLElement;
  if (l.unavailable) {
    qtyControl = h("p", { class: "muted" }, `Quantity: ${l.qty}`);
  } else {
    const input = h("input", {
      id: `${id}-qty`,
      type: "number",
      name: "qty",
      inputmode: "numeric",
      min: 1,
      max: MAX_QTY,
      step: 1,
      value: l.qty,
      "data-testid": "qty-input",
      "aria-describedby": `${id}-qty-error${flagList ? ` ${id}-flags` : ""}`,
    });
    let timer = 0;
    const apply = () => {
      window.clearTimeout(timer);
      on.setQty(l, input, qtyError);
    };
    input.addEventListener("change", apply);
    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 900);
    });
    qtyControl = h(
      "form",
      {
        class: "qty-form",
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          apply();
        },
      },
      h("label", { for: `${id}-qty` }, "Quantity", h("span", { class: "visually-hidden" }, ` of ${title}`)),
      h(
        "span",
        { class: "row qty-row" },
        input,
        h("button", { type: "submit", class: "secondary" }, "Update", h("span", { class: "visually-hidden" }, ` quantity of ${title}`)),
      ),
    );
  }

  const removeButton = h(
    "button",
    { type: "button", class: "link remove", "data-testid": "remove-line" },
    "Remove",
    h("span", { class: "visually-hidden" }, ` ${title}`),
  );
  removeButton.addEventListener("click", () => on.remove(l, removeButton, lineError));

  return h(
    "li",
    { class: `cart-line${l.unavailable ? " is-unavailable" : ""}`, "data-line": l.product_id },
    h(
      "a",
      { href, tabindex: "-1", "aria-hidden": "true", class: "line-image" },
      productImage({ product_id: l.product_id, title }, null, 96),
    ),
    h(
      "div",
      { class: "line-body" },
      h("h3", { class: "line-title" }, l.title === null ? title : h("a", { href }, title)),
      l.unavailable ? null : h("p", { class: "line-price" }, money(l.unit_price, l.currency), h("span", { class: "muted" }, " each")),
      flagList,
      h("div", { class: "line-actions" }, qtyControl, removeButton),
      qtyError,
      lineError,
    ),
    h(
      "p",
      { class: "line-total" },
      h("span", { class: "visually-hidden" }, "Line total: "),
      l.unavailable ? h("span", { class: "muted" }, "Not included") : money(l.line_total, l.currency),
    ),
  );
};
