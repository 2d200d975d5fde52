// The buy box: price, prime badge, availability, quantity and "Add to cart" (guests too). An
// add updates the header's count, announces itself, and credits the search that led here.
import { MAX_LINE_QTY } from "../../cart/cart";
import { ApiError, api, call } from "./api";
import { deliveryOffer } from "./delivery-offer";
import { h, replace } from "./dom";
import { searchOriginOf, sendSearchEvents } from "./events";
import { money } from "./format";
import { notify, setCartCount } from "./layout";
import { loadStock, stockFromCart, stockFromPage, stockOf, stockText, type Stock } from "./product-stock";
import type { PageStock, Product } from "./product-types";
import { getSession } from "./session";

const MAX_CHOICE = 10;

/** How many more units may be added now (0: none), and why not when none. */
const addable = (s: Stock): { max: number; why: string } => {
  const have = s.inCart ?? 0;
  if (s.state === "out") return { max: 0, why: "It cannot be added to your cart until it is back in stock." };
  if (s.available !== null && s.available - have < 1) return { max: 0, why: `Your cart already holds all ${s.available} available.` };
  if (MAX_LINE_QTY - have < 1) return { max: 0, why: `Your cart already holds the most allowed (${MAX_LINE_QTY}).` };
  return { max: Math.min(MAX_CHOICE, MAX_LINE_QTY - have, s.available === null ? MAX_CHOICE : s.available - have), why: "" };
};

export const productBuyBox = (p: Product, pageStock: PageStock) => {
  const stockEl = h("p", { class: "stock muted", "data-testid": "stock", id: "stock" }, "Checking availability…");
  const qty = h("select", { id: "qty", name: "qty", "data-testid": "qty" });
  const button = h(
    "button",
    { type: "submit", "data-testid": "add-to-cart", "aria-describedby": "stock buy-reason buy-message" },
    "Add to cart",
  );
  const message = h("div", { id: "buy-message", class: "buy-message" });
  const reason = h("p", { id: "buy-reason", class: "muted", hidden: true });
  let stock: Stock = stockFromPage(pageStock);
  let pending = false;

  const render = () => {
    replace(stockEl, stockText(stock));
    stockEl.className = `stock ${stock.state === "out" ? "out-of-stock" : stock.state === "unknown" ? "muted" : stock.state === "low" ? "warning" : "in-stock"}`;
    const { max, why } = addable(stock);
    const chosen = Math.min(Number(qty.value) || 1, Math.max(1, max));
    replace(
      qty,
      Array.from({ length: Math.max(1, max) }, (_, i) => h("option", { value: i + 1, selected: i + 1 === chosen }, String(i + 1))),
    );
    const blocked = max < 1;
    qty.disabled = blocked || pending;
    button.disabled = blocked || pending;
    replace(reason, why);
    reason.hidden = !blocked;
    replace(button, pending ? "Adding…" : "Add to cart");
  };

  const showError = (text: string) => replace(message, h("p", { class: "error", role: "alert", tabindex: "-1" }, text));

  const add = async (e: Event) => {
    e.preventDefault();
    if (pending || addable(stock).max < 1) return;
    const n = Number(qty.value);
    pending = true;
    replace(message);
    render();
    try {
      const cart = await call(api.api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: n } }));
      setCartCount(cart.totals.item_count);
      stock = stockFromCart(cart, p.product_id) ?? stock;
      const inCart = cart.lines.find((l) => l.product_id === p.product_id)?.qty ?? n;
      replace(
        message,
        h(
          "p",
          { class: "notice", tabindex: "-1" },
          `Added ${n} to your cart (${inCart} in cart). `,
          h("a", { href: "/cart" }, "View cart"),
        ),
      );
      notify("Added to cart");
      const origin = searchOriginOf(p.product_id);
      if (origin)
        sendSearchEvents([{ type: "add_to_cart", search_id: origin.searchId, product_id: p.product_id, position: origin.position }]);
    } catch (err) {
      if (err instanceof ApiError && err.code === "insufficient_stock") {
        const m = /Only (\d+)/.exec(err.message);
        if (m) stock = { ...stock, ...stockOf(Number(m[1])) };
        else if (/out of stock/.test(err.message)) stock = { ...stock, ...stockOf(0) };
      }
      showError(err instanceof ApiError ? err.message : "Something went wrong. Please try again.");
    } finally {
      pending = false;
      render();
      // Focus stays on the button; if the add used up what may be added, on the message instead.
      if (!button.disabled) button.focus();
      else (message.firstElementChild as HTMLElement | null)?.focus();
    }
  };

  const role = getSession()?.user.role;
  const form = h(
    "form",
    { class: "buy-form", onsubmit: add, "aria-label": "Add to cart" },
    h("div", { class: "field qty-field" }, h("label", { for: "qty" }, "Quantity"), qty),
    button,
  );
  render();
  void loadStock(p, pageStock).then((s) => {
    stock = s;
    render();
  });
  return h(
    "section",
    { class: "buy-box panel", "aria-labelledby": "buy-heading" },
    h("h2", { id: "buy-heading", class: "visually-hidden" }, "Buy"),
    h("p", { class: "price big", "data-testid": "price" }, money(p.price, p.currency)),
    h(
      "p",
      { "data-testid": "delivery-offer" },
      p.prime_eligible ? [h("span", { class: "badge prime" }, "prime"), " "] : null,
      deliveryOffer(getSession()?.user.is_prime ?? false, p.currency),
    ),
    stockEl,
    role && role !== "customer"
      ? h("p", { class: "warning" }, "Sign in as a customer to buy: seller and admin accounts have no cart.")
      : null,
    form,
    reason,
    message,
  );
};
