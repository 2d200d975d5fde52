// Search events (impressions, clicks, add-to-carts) for the ranking signals: POST /api/v1/events,
// best effort and never in the shopper's way. Each names the signed search_id of the answer that
// showed the product and its position there (the server checks both; a day-old id is rejected,
// harmlessly). The search a product was found by travels with the shopper in sessionStorage so a
// later add-to-cart is credited to it. Purchases are not sent: the shop counts paid orders.
import { api } from "./api";

type EventType = "impression" | "click" | "add_to_cart";
interface SearchEvent {
  event_id: string;
  type: EventType;
  search_id: string;
  product_id: string;
  position: number;
}

const ORIGIN_KEY = "shop.search-origin";

export const sendSearchEvents = (events: Omit<SearchEvent, "event_id">[]): void => {
  if (events.length === 0) return;
  const batch = events.slice(0, 50).map((e) => ({ ...e, event_id: crypto.randomUUID() }));
  // keepalive: a click's event still goes out while the browser navigates to the product.
  const keepalive = batch.some((e) => e.type === "click");
  // The answer is read (and ignored): an unread body keeps the request open in the browser.
  void api.api.v1.events
    .$post({ json: { events: batch } }, { init: { keepalive } })
    .then((res) => res.text())
    .catch(() => undefined);
};

/** Remembers which search (and position) led to a product, for its add-to-cart event. */
export const rememberSearchOrigin = (productId: string, searchId: string, position: number): void => {
  try {
    sessionStorage.setItem(ORIGIN_KEY, JSON.stringify({ productId, searchId, position }));
  } catch {
    /* storage may be disabled; events are optional */
  }
};

export const searchOriginOf = (productId: string): { searchId: string; position: number } | null => {
  try {
    const o = JSON.parse(sessionStorage.getItem(ORIGIN_KEY) ?? "null") as { productId: string; searchId: string; position: number } | null;
    return o && o.productId === productId ? { searchId: o.searchId, position: o.position } : null;
  } catch {
    return null;
  }
};
