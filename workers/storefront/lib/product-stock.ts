// Availability for the product page: the page's stock summary (edge-cached, so up to a minute
// behind; exact units only when low), refined by the shopper's cart line when the cart holds the
// product (exact and current). The add-to-cart answer updates it again.
import { LOW_STOCK_UNITS } from "../../products/products";
import { api, call } from "./api";
import type { Cart, PageStock, Product } from "./product-types";
import { getSession } from "./session";

export interface Stock {
  state: "in" | "low" | "out" | "unknown";
  /** Exact units available, when known. */
  available: number | null;
  /** Units already in the shopper's cart, when known. */
  inCart?: number;
}

export const stockOf = (available: number): Stock => ({
  state: available <= 0 ? "out" : available <= LOW_STOCK_UNITS ? "low" : "in",
  available,
});

/** The stock a cart answer reveals for one product (its line's `available`), or null. */
export const stockFromCart = (cart: Pick<Cart, "lines">, productId: string): Stock | null => {
  const line = cart.lines.find((l) => l.product_id === productId);
  return line && !line.unavailable ? { ...stockOf(line.available), inCart: line.qty } : null;
};

const fromCart = async (productId: string): Promise<Stock | null> => {
  const s = getSession();
  if (s && s.user.role !== "customer") return null; // sellers and admins have no cart
  return stockFromCart(await call(api.api.v1.cart.$get()), productId);
};

/** What the product page's own stock summary says (exact units only when low). */
export const stockFromPage = (s: PageStock): Stock =>
  s.status === "unknown"
    ? { state: "unknown", available: null }
    : s.status === "out_of_stock"
      ? stockOf(0)
      : s.status === "low_stock"
        ? stockOf(s.available ?? 1)
        : { state: "in", available: null };

/** The shopper's cart line when it holds the product (exact and current), else the page's summary. */
export const loadStock = async (p: Product, page: PageStock): Promise<Stock> => {
  try {
    return (await fromCart(p.product_id)) ?? stockFromPage(page);
  } catch {
    return stockFromPage(page); // the cart is a refinement: the page's summary stands
  }
};

/** The stock line shown next to the price. */
export const stockText = (s: Stock): string =>
  s.state === "out"
    ? "Out of stock"
    : s.state === "low"
      ? `Only ${s.available} left in stock`
      : s.state === "in"
        ? "In stock"
        : "Availability is confirmed when you add to cart";
