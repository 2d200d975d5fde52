// The cart's summary box: subtotal with the item count, this shopper's delivery (free with Prime,
// free already, or how much more makes it free), and "Proceed to checkout" (disabled, with
// the reason next to it, while a line is out of stock or no longer sold, or the cart is empty).
import { getSession } from "./session";
import { h } from "./dom";
import { money } from "./format";
import { blocksCheckout, type Cart } from "./cart-line";
import { cartDelivery } from "./delivery-offer";

const items = (n: number) => `${n} item${n === 1 ? "" : "s"}`;

/** Why checkout cannot start, or null when it can. */
export const checkoutBlocker = (cart: Cart): string | null => {
  if (cart.lines.length === 0) return "Your cart is empty.";
  const stuck = cart.lines.filter(blocksCheckout);
  if (!stuck.length) return null;
  const gone = stuck.some((l) => l.unavailable);
  const short = stuck.some((l) => !l.unavailable);
  const fixes = [
    gone && "remove the items that are no longer available",
    short && "lower the quantity of (or remove) the items marked out of stock",
  ].filter(Boolean);
  const text = `${fixes.join(", and ")} to continue.`;
  return text[0]!.toUpperCase() + text.slice(1);
};

export const cartSummary = (cart: Cart, onClear: (button: HTMLButtonElement, error: HTMLElement) => void) => {
  const blocker = checkoutBlocker(cart);
  const currency = cart.totals.currency ?? cart.lines[0]?.currency ?? "GBP";
  const session = getSession();
  const guest = !session;
  const delivery = cartDelivery(cart.totals.subtotal, session?.user.is_prime ?? false, currency);
  const button = h(
    "button",
    {
      type: "button",
      class: "checkout",
      "data-testid": "checkout-button",
      disabled: blocker !== null,
      "aria-describedby": blocker ? "checkout-blocker" : null,
    },
    "Proceed to checkout",
  );
  button.addEventListener("click", () => location.assign("/checkout"));
  const clear = h("button", { type: "button", class: "link clear-cart" }, "Empty cart");
  const clearError = h("p", { class: "co-error", role: "alert" });
  clear.addEventListener("click", () => onClear(clear, clearError));
  return h(
    "section",
    { class: "panel cart-summary", "aria-labelledby": "summary-heading" },
    h("h2", { id: "summary-heading" }, "Order summary"),
    h(
      "p",
      { class: "subtotal", "data-testid": "cart-subtotal" },
      `Subtotal (${items(cart.totals.item_count)}): `,
      h("strong", {}, money(cart.totals.subtotal, currency)),
    ),
    h("p", { class: delivery.free ? "delivery-note free" : "delivery-note", "data-testid": "cart-delivery" }, delivery.text),
    button,
    blocker ? h("p", { id: "checkout-blocker", class: "warning" }, blocker) : null,
    guest ? h("p", { class: "muted fine-print" }, "You'll sign in or create an account next; your cart is kept.") : null,
    clear,
    clearError,
  );
};
