// Shoppers made through the public API (hono/client) for tests that start mid-journey: a
// registered customer with a cart, an address, a card and, when asked, a placed order; and the
// storefront session to put in a browser so its pages open signed in.
import { hc } from "hono/client";
import type { BrowserContext } from "playwright-core";
import type { AppType } from "../../workers/app";

let n = 0;

const must = async <T>(
  res: { ok: boolean; status: number; json: () => Promise<T>; text: () => Promise<string> },
  what: string,
): Promise<T> => {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res.json();
};

export const newCustomer = async (url: URL, name = "Bea Example") => {
  const anon = hc<AppType>(url.origin, { headers: { "CF-Connecting-IP": `203.0.113.${(n % 250) + 1}` } });
  const email = `e2e-${Date.now().toString(36)}-${n++}@example.com`;
  const session = await must(
    await anon.api.v1.auth.register.$post({ json: { email, password: "correct horse battery", name } }),
    "register",
  );
  const api = hc<AppType>(url.origin, { headers: { Authorization: `Bearer ${session.token}` } });
  return {
    session,
    api,
    /** Opens the storefront signed in as this customer (what the sign-in page stores). */
    signInBrowser: (context: BrowserContext) =>
      context.addInitScript((s) => localStorage.setItem("shop.session", s), JSON.stringify(session)),
    addToCart: async (productId: string, qty = 1) =>
      must(await api.api.v1.cart.items.$post({ json: { product_id: productId, qty } }), "add to cart"),
    placeOrder: async (productId: string, card = "4242424242424242") => {
      const cart = await must(await api.api.v1.cart.items.$post({ json: { product_id: productId, qty: 1 } }), "add to cart");
      const address = await must(
        await api.api.v1.addresses.$post({ json: { name, line1: "2 Mill Lane", city: "Leeds", postal_code: "LS1 4AP", country: "GB" } }),
        "address",
      );
      const pm = await must(
        await api.api.v1["payment-methods"].$post({
          json: { number: card, exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" },
        }),
        "card",
      );
      const placed = await must(
        await api.api.v1.orders.$post({
          json: { cart_id: cart.cart_id ?? "", shipping_address_id: address.id, payment_method_id: pm.id },
          header: { "idempotency-key": crypto.randomUUID() },
        }),
        "place order",
      );
      return placed.order_id;
    },
  };
};
