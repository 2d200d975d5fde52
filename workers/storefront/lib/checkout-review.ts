// Checkout step 3, review and place: the cart's lines, subtotal, delivery and total (estimated
// with the order API's own delivery rule; the API fixes them when the order is placed) and
// "Place your order", which resolves the address and card, then POSTs the order once with the
// total shown. If a price changed meanwhile, the new figures replace the old and the shopper
// confirms them with a second click (which sends the new total).
import { blocksCheckout, lineTitle, type Cart } from "./cart-line";
import { deliveryFor } from "./checkout-delivery";
import { placeOrder, type NewFigures } from "./checkout-place";
import { h, replace } from "./dom";
import { money } from "./format";

interface ReviewOpts {
  cart: Cart;
  isPrime: boolean;
  address: () => Promise<string | null>;
  card: () => Promise<string | null>;
}

/** What the review shows: each line's total (by product) and the sums. */
interface Shown {
  currency: string;
  lineTotals: Map<string, number>;
  subtotal: number;
  delivery: number;
  total: number;
}

const row = (label: Node | string, value: string, cls = "") =>
  h("div", { class: `sum-row ${cls}` }, h("dt", {}, label), h("dd", {}, value));

export const reviewStep = ({ cart, isPrime, address, card }: ReviewOpts) => {
  const currency = cart.totals.currency ?? cart.lines[0]?.currency ?? "GBP";
  const subtotal = cart.totals.subtotal;
  const delivery = deliveryFor(subtotal, isPrime);
  let shown: Shown = {
    currency,
    lineTotals: new Map(cart.lines.map((l) => [l.product_id, l.line_total])),
    subtotal,
    delivery,
    total: subtotal + delivery,
  };
  const changed = new Set<string>();
  const stuck = cart.lines.some(blocksCheckout);
  const message = h("div", { class: "co-error place-error", role: "alert", tabindex: "-1" });
  let label = "Place your order";
  const button = h(
    "button",
    { type: "button", class: "place-order", "data-testid": "place-order", disabled: stuck, "aria-describedby": "place-note" },
    label,
  );
  const figures = h("div", { class: "co-figures" });

  const renderFigures = () =>
    replace(
      figures,
      h(
        "ul",
        { class: "co-lines" },
        cart.lines.map((l) =>
          h(
            "li",
            { class: blocksCheckout(l) ? "is-blocked" : "" },
            h("span", { class: "co-title" }, lineTitle(l), h("span", { class: "muted" }, ` × ${l.qty}`)),
            h(
              "span",
              { class: "co-price" },
              l.unavailable ? "Unavailable" : money(shown.lineTotals.get(l.product_id) ?? l.line_total, l.currency),
            ),
            changed.has(l.product_id) ? h("span", { class: "warning co-flag" }, "Price changed") : null,
            l.out_of_stock && !l.unavailable
              ? h("span", { class: "warning co-flag" }, l.available > 0 ? `Only ${l.available} available` : "Out of stock")
              : null,
          ),
        ),
      ),
      h(
        "dl",
        { class: "sums" },
        row(`Items (${cart.totals.item_count})`, money(shown.subtotal, shown.currency)),
        row("Delivery", shown.delivery === 0 ? "Free" : money(shown.delivery, shown.currency)),
        row(h("strong", {}, "Order total"), money(shown.total, shown.currency), "total"),
      ),
    );

  /** The API's new figures replace what was shown; the next click confirms them. */
  const showNewFigures = (f: NewFigures) => {
    for (const l of f.lines) if (shown.lineTotals.get(l.product_id) !== l.line_total) changed.add(l.product_id);
    shown = {
      currency: f.currency,
      lineTotals: new Map(f.lines.map((l) => [l.product_id, l.line_total])),
      subtotal: f.subtotal,
      delivery: f.shipping,
      total: f.total,
    };
    renderFigures();
    label = `Confirm and pay ${money(f.total, f.currency)}`;
  };

  button.addEventListener("click", async () => {
    replace(message);
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    replace(button, "Placing your order…");
    const restore = () => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      replace(button, label);
    };
    const addressId = await address();
    const cardId = addressId ? await card() : null;
    if (!addressId || !cardId) {
      restore();
      replace(message, `Check your ${addressId ? "payment details" : "delivery address"} above.`);
      return;
    }
    const failure = await placeOrder({
      cart_id: cart.cart_id ?? "",
      shipping_address_id: addressId,
      payment_method_id: cardId,
      expected_total: shown.total,
    });
    if (!failure) return; // on its way to the order page
    if (failure.newFigures) showNewFigures(failure.newFigures);
    restore();
    replace(
      message,
      failure.newFigures ? `${failure.text} New total: ${money(failure.newFigures.total, failure.newFigures.currency)}.` : failure.text,
      failure.cartLink ? h("span", {}, " ", h("a", { href: "/cart" }, "Review your cart")) : null,
    );
    message.focus();
  });

  renderFigures();
  return h(
    "section",
    { class: "checkout-step panel order-review", "aria-labelledby": "step-review", "data-testid": "order-summary" },
    h("h2", { id: "step-review" }, "3. Review your order"),
    figures,
    h(
      "p",
      { id: "place-note", class: "muted fine-print" },
      stuck
        ? h(
            "span",
            { class: "warning" },
            "Some items can't be bought as they are: ",
            h("a", { href: "/cart" }, "update your cart"),
            " first. ",
          )
        : null,
      "The total is confirmed when you place the order. Payment is taken right after; if it fails, your order page says so.",
    ),
    button,
    message,
  );
};
