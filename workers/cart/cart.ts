// Cart rules: line quantities, adding, setting and merging lines, and pricing a cart against the
// catalog. Pure: time comes in as `now`; no bindings, no storage. Throws DomainError.
import { DomainError, type ErrorCode, type ErrorType } from "../shared/errors";

/**
 * Most units of one product a line may hold. Shoppers rarely want more of one item; the cap
 * stops a typo (500 for 5) or a script parking a product's whole stock in one cart, and keeps
 * every total a safe integer (50 x the largest price, 1e9, x MAX_LINES is far below 2^53).
 */
export const MAX_LINE_QTY = 50;
/** Distinct products per cart: bounds the DO's storage and the catalog lookups of one view. */
export const MAX_LINES = 100;
/** Default abandoned-cart lifetime (30 days) when CART_TTL_SECONDS is missing or invalid. */
export const DEFAULT_CART_TTL_SECONDS = 30 * 24 * 3600;

export interface CartLine {
  productId: string;
  qty: number;
  /** The catalog price (minor units) when the shopper last added this product. */
  priceAtAdd: number;
  currency: string;
  addedAt: number;
  updatedAt: number;
}

/** What an add brings: the catalog's price now and the stock the line may not exceed. */
export interface LineOffer {
  productId: string;
  qty: number;
  priceMinor: number;
  currency: string;
  available: number;
}

/** Result of a cart RPC: expected failures travel as values (custom error fields do not survive RPC). */
export type CartResult<T> = { ok: true; value: T } | { ok: false; error: { type: ErrorType; code: ErrorCode; message: string } };

export { unwrap } from "../shared/rpc";

export const cartTtlSeconds = (raw: unknown): number => {
  const ttl = Number(raw);
  return Number.isInteger(ttl) && ttl > 0 ? ttl : DEFAULT_CART_TTL_SECONDS;
};

const lineLimit = (message: string) => new DomainError("not_allowed", "line_limit", message);

export const assertQty = (qty: number): void => {
  if (!Number.isSafeInteger(qty) || qty < 1) {
    throw new DomainError("invalid_data", "invalid_quantity", "A quantity is a whole number of at least 1.");
  }
  if (qty > MAX_LINE_QTY) throw lineLimit(`At most ${MAX_LINE_QTY} of one product per cart.`);
};

const assertStock = (productId: string, qty: number, available: number): void => {
  if (qty <= available) return;
  const message = available > 0 ? `Only ${available} of ${productId} available.` : `${productId} is out of stock (0 available).`;
  throw new DomainError("not_allowed", "insufficient_stock", message);
};

/** A cart holds one currency: the first line's (every add and merge keeps them equal). */
export const cartCurrency = (lines: readonly CartLine[]): string | null => lines[0]?.currency ?? null;

const assertCurrency = (lines: readonly CartLine[], currency: string): void => {
  const current = cartCurrency(lines);
  if (current !== null && current !== currency) {
    throw new DomainError("not_allowed", "currency_mismatch", `This cart is in ${current}; the product is priced in ${currency}.`);
  }
};

/** A price of 0 marks a product listed without one (a catalog file's row): shown, never sold. */
export const isPriced = (priceMinor: number): boolean => Number.isSafeInteger(priceMinor) && priceMinor > 0;

export const assertPriced = (productId: string, priceMinor: number): void => {
  if (!isPriced(priceMinor))
    throw new DomainError("not_allowed", "product_unpriced", `${productId} has no price yet and cannot be bought.`);
};

/** The line after adding `offer`: a new line, or more of an existing one at today's price. */
export const addToCart = (lines: readonly CartLine[], offer: LineOffer, now: number): CartLine => {
  assertQty(offer.qty);
  assertPriced(offer.productId, offer.priceMinor);
  assertCurrency(lines, offer.currency);
  const existing = lines.find((l) => l.productId === offer.productId);
  if (!existing && lines.length >= MAX_LINES) throw lineLimit(`A cart holds at most ${MAX_LINES} different products.`);
  const qty = (existing?.qty ?? 0) + offer.qty;
  if (qty > MAX_LINE_QTY) {
    throw lineLimit(`At most ${MAX_LINE_QTY} of one product per cart (you have ${existing?.qty ?? 0}).`);
  }
  assertStock(offer.productId, qty, offer.available);
  // The shopper just saw today's price, so it becomes the one `price_changed` compares against.
  return {
    productId: offer.productId,
    qty,
    priceAtAdd: offer.priceMinor,
    currency: offer.currency,
    addedAt: existing?.addedAt ?? now,
    updatedAt: now,
  };
};

/** The line with its quantity set to `qty` (refused above the stock available). */
export const setLineQty = (line: CartLine | undefined, productId: string, qty: number, available: number, now: number): CartLine => {
  if (!line) throw new DomainError("not_found", "cart_line_not_found", `${productId} is not in your cart.`);
  assertQty(qty);
  assertStock(productId, qty, available);
  return { ...line, qty, updatedAt: now };
};

export type MergeSkipReason = "currency_mismatch" | "out_of_stock" | "cart_full";
export interface MergeOutcome {
  /** New or changed lines to store. */
  changed: CartLine[];
  skipped: { productId: string; reason: MergeSkipReason }[];
}

/**
 * Merges a guest cart's lines into a customer's: quantities are added, capped by the per-line
 * maximum and by stock, but a merge never lowers a line the customer already has.
 */
export const mergeCarts = (target: readonly CartLine[], incoming: readonly LineOffer[], now: number): MergeOutcome => {
  const byId = new Map(target.map((l) => [l.productId, l]));
  let currency = cartCurrency(target);
  const out: MergeOutcome = { changed: [], skipped: [] };
  for (const o of incoming) {
    if (!Number.isSafeInteger(o.qty) || o.qty < 1 || !isPriced(o.priceMinor)) continue;
    if (currency !== null && o.currency !== currency) {
      out.skipped.push({ productId: o.productId, reason: "currency_mismatch" });
      continue;
    }
    const existing = byId.get(o.productId);
    if (!existing && byId.size >= MAX_LINES) {
      out.skipped.push({ productId: o.productId, reason: "cart_full" });
      continue;
    }
    const have = existing?.qty ?? 0;
    const qty = Math.max(have, Math.min(have + o.qty, MAX_LINE_QTY, o.available));
    if (qty < 1) {
      out.skipped.push({ productId: o.productId, reason: "out_of_stock" });
      continue;
    }
    if (qty === have) continue;
    const line: CartLine = existing
      ? { ...existing, qty, updatedAt: now }
      : { productId: o.productId, qty, priceAtAdd: o.priceMinor, currency: o.currency, addedAt: now, updatedAt: now };
    byId.set(o.productId, line);
    out.changed.push(line);
    currency ??= o.currency;
  }
  return out;
};

/** A product as the cart needs it; `deleted` products stay known so their lines can be shown. */
export interface CatalogEntry {
  productId: string;
  title: string;
  priceMinor: number;
  currency: string;
  deleted: boolean;
}

export interface PricedLine {
  productId: string;
  title: string | null;
  qty: number;
  unitPrice: number;
  currency: string;
  lineTotal: number;
  priceAtAdd: number;
  priceChanged: boolean;
  available: number;
  outOfStock: boolean;
  unavailable: boolean;
  /** The product has no price now (0): unavailable, and checkout says why. */
  unpriced: boolean;
}

export interface PricedCart {
  lines: PricedLine[];
  totals: { subtotal: number; itemCount: number; currency: string | null };
}

/**
 * Prices lines at today's catalog prices. Deleted or unknown products, products now sold in
 * another currency and products without a price are `unavailable` and left out of the totals;
 * out-of-stock lines stay in (the shopper may wait for stock; checkout asks the InventoryDO, not
 * this view).
 */
export const priceCart = (
  lines: readonly CartLine[],
  catalog: ReadonlyMap<string, CatalogEntry>,
  stock: ReadonlyMap<string, number>,
): PricedCart => {
  const priced = lines.map((l): PricedLine => {
    const p = catalog.get(l.productId);
    const unpriced = !!p && !isPriced(p.priceMinor);
    const unavailable = !p || p.deleted || p.currency !== l.currency || unpriced;
    const unitPrice = p && !unavailable ? p.priceMinor : l.priceAtAdd;
    const available = stock.get(l.productId) ?? 0;
    return {
      productId: l.productId,
      title: p?.title ?? null,
      qty: l.qty,
      unitPrice,
      currency: l.currency,
      lineTotal: unavailable ? 0 : unitPrice * l.qty,
      priceAtAdd: l.priceAtAdd,
      priceChanged: !unavailable && unitPrice !== l.priceAtAdd,
      available,
      outOfStock: !unavailable && available < l.qty,
      unavailable,
      unpriced,
    };
  });
  const counted = priced.filter((l) => !l.unavailable);
  return {
    lines: priced,
    totals: {
      subtotal: counted.reduce((sum, l) => sum + l.lineTotal, 0),
      itemCount: counted.reduce((sum, l) => sum + l.qty, 0),
      currency: cartCurrency(lines),
    },
  };
};

export const cartJson = (cartId: string | null, cart: PricedCart) => ({
  cart_id: cartId,
  lines: cart.lines.map((l) => ({
    product_id: l.productId,
    title: l.title,
    qty: l.qty,
    unit_price: l.unitPrice,
    currency: l.currency,
    line_total: l.lineTotal,
    price_at_add: l.priceAtAdd,
    price_changed: l.priceChanged,
    available: l.available,
    out_of_stock: l.outOfStock,
    unavailable: l.unavailable,
  })),
  totals: { subtotal: cart.totals.subtotal, item_count: cart.totals.itemCount, currency: cart.totals.currency },
});

/**
 * The cart after an order for `purchased` was paid: each bought quantity comes off its line, a
 * line bought in full goes. Lines added since checkout (or units beyond what was bought) stay.
 */
export const afterPurchase = (
  lines: readonly CartLine[],
  purchased: readonly { productId: string; qty: number }[],
  now: number,
): { put: CartLine[]; remove: string[] } => {
  const bought = new Map<string, number>();
  for (const p of purchased) bought.set(p.productId, (bought.get(p.productId) ?? 0) + p.qty);
  const put: CartLine[] = [];
  const remove: string[] = [];
  for (const l of lines) {
    const qty = bought.get(l.productId);
    if (qty === undefined) continue;
    if (l.qty <= qty) remove.push(l.productId);
    else put.push({ ...l, qty: l.qty - qty, updatedAt: now });
  }
  return { put, remove };
};
