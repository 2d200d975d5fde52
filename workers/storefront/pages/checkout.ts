// The checkout page (signed-in customers): 1 delivery address, 2 payment, 3 review and place.
// The cart, saved addresses and saved cards load together; a part that fails to load says so
// and the rest still works (a new address or card can always be typed in).
import { ApiError, api, call } from "../lib/api";
import { addressStep } from "../lib/checkout-address";
import { paymentStep } from "../lib/checkout-payment";
import { reviewStep } from "../lib/checkout-review";
import { h, replace } from "../lib/dom";
import { errorBlock, runPage, setCartCount } from "../lib/layout";
import { requireSignIn } from "../lib/session";

void runPage(
  "Checkout",
  async (main) => {
    const session = requireSignIn();
    if (!session) {
      replace(main, h("h1", {}, "Checkout"), h("p", { class: "loading" }, "Taking you to sign in…"));
      return;
    }
    replace(main, h("h1", {}, "Checkout"), h("p", { class: "loading" }, "Loading your cart, addresses and cards…"));
    const [cartRes, addrRes, cardRes] = await Promise.allSettled([
      call(api.api.v1.cart.$get()),
      call(api.api.v1.addresses.$get()),
      call(api.api.v1["payment-methods"].$get()),
    ]);
    if (cartRes.status === "rejected") {
      const e: unknown = cartRes.reason;
      const status = e instanceof ApiError ? e.status : 0;
      const link =
        status === 401
          ? h("a", { href: "/signin?next=/checkout" }, "Sign in again")
          : status === 403
            ? h("a", { href: "/" }, "Back to the shop")
            : h("a", { href: "/cart" }, "Back to your cart");
      replace(main, h("h1", {}, "Checkout"), errorBlock(e), h("p", {}, link));
      return;
    }
    const cart = cartRes.value;
    setCartCount(cart.totals.item_count);
    if (cart.lines.length === 0 || !cart.cart_id) {
      replace(
        main,
        h("h1", {}, "Checkout"),
        h(
          "div",
          { class: "panel checkout-empty", "data-testid": "checkout-empty" },
          h("p", {}, h("strong", {}, "Your cart is empty, so there is nothing to check out.")),
          h("p", {}, h("a", { class: "button", href: "/" }, "Continue shopping")),
        ),
      );
      return;
    }
    const failed = (r: PromiseSettledResult<unknown>) => (r.status === "rejected" ? errorBlock(r.reason) : null);
    const address = addressStep(addrRes.status === "fulfilled" ? addrRes.value.results : [], failed(addrRes));
    const payment = paymentStep(cardRes.status === "fulfilled" ? cardRes.value.items : [], failed(cardRes));
    const review = reviewStep({ cart, isPrime: session.user.is_prime, address: address.resolve, card: payment.resolve });
    replace(
      main,
      h("h1", {}, "Checkout"),
      h("p", { class: "muted" }, `Signed in as ${session.user.name}. `, h("a", { href: "/cart" }, "Change your cart")),
      h("div", { class: "checkout-layout" }, h("div", { class: "checkout-steps" }, address.section, payment.section), review),
    );
  },
  { cartCount: false },
);
