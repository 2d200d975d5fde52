// Places the order: POST /orders with an Idempotency-Key. A retry of the same order after a
// network failure (or while the first is still in flight) reuses the key, so it can never be
// placed twice; a changed order, or one the API refused, gets a new key.
import { ApiError, api, call, idempotencyKey } from "./api";
import { errorMessage, setCartCount } from "./layout";

interface OrderBody {
  cart_id: string;
  shipping_address_id: string;
  payment_method_id: string;
}

let attempt: { key: string; body: string } | null = null;

const CART_CODES = new Set(["cart_empty", "cart_unavailable_items", "cart_not_found", "insufficient_stock", "product_deleted"]);

/** Null when the order was placed (the page is navigating away), else what to tell the shopper. */
export const placeOrder = async (json: OrderBody): Promise<{ text: string; cartLink: boolean } | null> => {
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
    const again = retryable ? " Trying again is safe: your order will not be placed twice." : "";
    return { text: errorMessage(e) + again, cartLink: e instanceof ApiError && CART_CODES.has(e.code) };
  }
};
