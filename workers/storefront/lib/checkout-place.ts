// Places the order: POST /orders with an Idempotency-Key and the total the shopper reviewed. A
// retry of the same order after a network failure (or while the first is still in flight) reuses
// the key, so it can never be placed twice; a changed order, or one the API refused, gets a new
// key. If prices changed since review (409 price_changed) the new figures come back to be shown.
import { ApiError, api, call, idempotencyKey } from "./api";
import { errorMessage, setCartCount } from "./layout";

interface OrderBody {
  cart_id: string;
  shipping_address_id: string;
  payment_method_id: string;
  /** The order total shown on the review step (minor units). */
  expected_total: number;
}

/** The order as priced today, from a 409 price_changed (the API's error.data). */
export interface NewFigures {
  currency: string;
  subtotal: number;
  shipping: number;
  total: number;
  lines: { product_id: string; qty: number; unit_price: number; line_total: number }[];
}

let attempt: { key: string; body: string } | null = null;

const CART_CODES = new Set([
  "cart_empty",
  "cart_unavailable_items",
  "cart_not_found",
  "insufficient_stock",
  "product_deleted",
  "product_unpriced",
]);

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** The figures of a price_changed answer, or null if it carries none the page can use. */
const newFigures = (e: ApiError): NewFigures | null => {
  const d = e.data;
  if (!d || typeof d.currency !== "string" || !isInt(d.subtotal) || !isInt(d.shipping) || !isInt(d.total) || !Array.isArray(d.lines))
    return null;
  const lines = (d.lines as Record<string, unknown>[]).filter(
    (l) => typeof l.product_id === "string" && isInt(l.qty) && isInt(l.unit_price) && isInt(l.line_total),
  );
  return {
    currency: d.currency,
    subtotal: d.subtotal,
    shipping: d.shipping,
    total: d.total,
    lines: lines as unknown as NewFigures["lines"],
  };
};

export type PlaceFailure = { text: string; cartLink: boolean; newFigures?: NewFigures };

/** Null when the order was placed (the page is navigating away), else what to tell the shopper. */
export const placeOrder = async (json: OrderBody): Promise<PlaceFailure | null> => {
  const body = JSON.stringify(json);
  if (!attempt || attempt.body !== body) attempt = { key: idempotencyKey(), body };
  try {
    const placed = await call(api.api.v1.orders.$post({ header: { "idempotency-key": attempt.key }, json }));
    attempt = null;
    setCartCount(0);
    location.assign(`/order?id=${encodeURIComponent(placed.order_id)}&placed=1`);
    return null;
  } catch (e) {
    const retryable = e instanceof ApiError && (e.status === 0 || e.code === "idempotency_in_flight" || e.status >= 500);
    if (!retryable) attempt = null;
    if (e instanceof ApiError && e.code === "price_changed") {
      const figures = newFigures(e);
      if (figures) return { text: e.message, cartLink: false, newFigures: figures };
    }
    const again = retryable ? " Trying again is safe: your order will not be placed twice." : "";
    return { text: errorMessage(e) + again, cartLink: e instanceof ApiError && CART_CODES.has(e.code) };
  }
};
