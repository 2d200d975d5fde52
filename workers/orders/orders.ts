// Checkout rules: which cart can become an order, what it costs (prices from the catalog, never
// from the client), when it should arrive, and how long the saga has to take payment. Pure.
import { isPriced, type PricedCart } from "../cart/cart";
import { DomainError } from "../shared/errors";

/** Standard delivery is free from this subtotal (minor units); Prime members never pay it. */
export const FREE_SHIPPING_FROM_MINOR = 2500;
export const STANDARD_SHIPPING_MINOR = 399;
const DAY_MS = 86_400_000;

export interface OrderLineDraft {
  lineNo: number;
  productId: string;
  title: string;
  qty: number;
  unitPrice: number;
}

export interface OrderDraft {
  lines: OrderLineDraft[];
  currency: string;
  subtotal: number;
  shipping: number;
  total: number;
  itemCount: number;
}

/** Turns the priced cart into order lines and totals; an empty cart or a line that cannot be sold is a 422. */
export const draftOrder = (cart: PricedCart, isPrime: boolean): OrderDraft => {
  if (cart.lines.length === 0 || cart.totals.currency === null) {
    throw new DomainError("not_allowed", "cart_empty", "Your cart is empty.");
  }
  const unpriced = cart.lines.filter((l) => l.unpriced);
  if (unpriced.length > 0) {
    throw new DomainError(
      "not_allowed",
      "product_unpriced",
      "Some items in your cart have no price and cannot be bought: remove them first.",
      {
        details: unpriced.map((l) => ({ path: `cart.${l.productId}`, message: "has no price" })),
      },
    );
  }
  const unavailable = cart.lines.filter((l) => l.unavailable);
  if (unavailable.length > 0) {
    throw new DomainError("not_allowed", "cart_unavailable_items", "Some items in your cart can no longer be bought: remove them first.", {
      details: unavailable.map((l) => ({ path: `cart.${l.productId}`, message: "no longer available" })),
    });
  }
  const lines = cart.lines.map((l, i) => ({
    lineNo: i + 1,
    productId: l.productId,
    title: l.title ?? l.productId,
    qty: l.qty,
    unitPrice: l.unitPrice,
  }));
  const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.qty, 0);
  // Never an order for nothing: every line above is priced, so this is a guard against a bad catalog row.
  if (lines.some((l) => !isPriced(l.unitPrice)))
    throw new DomainError("not_allowed", "product_unpriced", "An item in your cart has no price and cannot be bought.");
  const shipping = isPrime || subtotal >= FREE_SHIPPING_FROM_MINOR ? 0 : STANDARD_SHIPPING_MINOR;
  return {
    lines,
    currency: cart.totals.currency,
    subtotal,
    shipping,
    total: subtotal + shipping,
    itemCount: lines.reduce((n, l) => n + l.qty, 0),
  };
};

/**
 * The total the shopper reviewed (`expected`) must be the one they will pay: a seller may have
 * changed a price since. A difference is `409 price_changed` carrying the figures the order would
 * have now, so the client can show them and ask again. No `expected` (older clients): no check.
 */
export const assertExpectedTotal = (draft: OrderDraft, expected: number | undefined): void => {
  if (expected === undefined || expected === draft.total) return;
  throw new DomainError(
    "conflict",
    "price_changed",
    "Prices in your order have changed since you reviewed it: check the new total and place the order again.",
    {
      data: {
        currency: draft.currency,
        expected_total: expected,
        subtotal: draft.subtotal,
        shipping: draft.shipping,
        total: draft.total,
        lines: draft.lines.map((l) => ({
          product_id: l.productId,
          title: l.title,
          qty: l.qty,
          unit_price: l.unitPrice,
          line_total: l.unitPrice * l.qty,
        })),
      },
    },
  );
};

/** Adds business days (Saturday and Sunday skipped), UTC. */
const addBusinessDays = (from: number, days: number): number => {
  let t = from;
  for (let left = days; left > 0; ) {
    t += DAY_MS;
    const dow = new Date(t).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return t;
};

/** Prime: 2 business days; standard: 5. */
export const estimatedDelivery = (now: number, isPrime: boolean): number => addBusinessDays(now, isPrime ? 2 : 5);

/**
 * The saga's deadlines: the order must have a payment result by `paymentDeadline`; each stock
 * hold lasts a minute longer (`holdTtlMs`), so the deadline's own release, not the hold's expiry,
 * is what normally frees the stock, and a payment landing at the wire still finds its hold.
 */
export const HOLD_GRACE_MS = 60_000;
export const sagaDeadlines = (createdAt: number, ttlSeconds: number) => ({ paymentDeadline: createdAt + ttlSeconds * 1000 });
export const holdTtlMs = (now: number, paymentDeadline: number): number => Math.max(1, paymentDeadline - now) + HOLD_GRACE_MS;

/** Exponential backoff for a retried saga message: 1, 2, 4 ... 60 s. */
export const retryDelaySeconds = (attempts: number): number => Math.min(60, 2 ** Math.max(0, attempts - 1));
