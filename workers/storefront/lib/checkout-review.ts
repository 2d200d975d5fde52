// Checkout step 3, review and place: the cart's lines, subtotal, delivery and total (estimated
// with the order API's own delivery rule; the API fixes them when the order is placed) and
// "Place your order", which resolves the address and card, then POSTs the order once.
import { blocksCheckout, lineTitle, type Cart } from "./cart-line";
import { deliveryFor } from "./checkout-delivery";
import { placeOrder } from "./checkout-place";
import { h, replace } from "./dom";
import { money } from "./format";

interface ReviewOpts {
  cart: Cart;
  isPrime: boolean;
  address: () => Promise<string | null>;
  card: () => Promise<string | null>;
}

const row = (label: Node | string, value: string, cls = "") => h("div", { class: `sum-row ${cls}` }, h("dt", {}, label), h("dd", {}, value));

export const reviewStep = ({ cart, isPrime, address, card }: ReviewOpts) => {
  const currency = cart.totals.currency ?? cart.lines[0]?.currency ?? "GBP";
  const subtotal = cart.totals.subtotal;
  const delivery = deliveryFor(subtotal, isPrime);
  const stuck = cart.lines.some(blocksCheckout);
  const message = h("div", { class: "co-error place-error", role: "alert", tabindex: "-1" });
  const button = h("button", { type: "button", class: "place-order", "data-testid": "place-order", disabled: stuck, "aria-describedby": "place-note" }, "Place your order");
  const label = "Place your order";

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
    const failure = await placeOrder({ cart_id: cart.cart_id ?? "", shipping_address_id: addressId, payment_method_id: cardId });
    if (!failure) return; // on its way to the order page
    restore();
    replace(message, failure.text, failure.cartLink ? h("span", {}, " ", h("a", { href: "/cart" }, "Review your cart")) : null);
    message.focus();
  });

  return h(
    "section",
    { class: "checkout-step panel order-review", "aria-labelledby": "step-review", "data-testid": "order-summary" },
    h("h2", { id: "step-review" }, "3. Review your order"),
    h("ul", { class: "co-lines" }, cart.lines.map((l) =>
      h("li", { class: blocksCheckout(l) ? "is-blocked" : "" },
        h("span", { class: "co-title" }, lineTitle(l), h("span", { class: "muted" }, ` × ${l.qty}`)),
        h("span", { class: "co-price" }, l.unavailable ? "Unavailable" : money(l.line_total, l.currency)),
        l.out_of_stock && !l.unavailable ? h("span", { class: "warning co-flag" }, l.available > 0 ? `Only ${l.available} available` : "Out of stock") : null))),
    h("dl", { class: "sums" },
      row(`Items (${cart.totals.item_count})`, money(subtotal, currency)),
      row("Delivery", delivery === 0 ? "Free" : money(delivery, currency)),
      row(h("strong", {}, "Order total"), money(subtotal + delivery, currency), "total")),
    h("p", { id: "place-note", class: "muted fine-print" },
      stuck ? h("span", { class: "warning" }, "Some items can't be bought as they are: ", h("a", { href: "/cart" }, "update your cart"), " first. ") : null,
      "The total is confirmed when you place the order. Payment is taken right after; if it fails, your order page says so."),
    button,
    message,
  );
};
