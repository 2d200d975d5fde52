// What the cart page shows with nothing in the cart (or when carts are not for this account).
import { h } from "./dom";

export const emptyCart = () =>
  h(
    "div",
    { class: "panel cart-empty", "data-testid": "cart-empty" },
    h("p", {}, h("strong", {}, "Your cart is empty.")),
    h("p", {}, "Find something you like and add it to your cart."),
    h("p", {}, h("a", { class: "button", href: "/" }, "Continue shopping")),
  );
