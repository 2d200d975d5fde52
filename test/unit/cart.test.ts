// Cart rules without a runtime: quantities, adds, sets, guest-cart merges and pricing.
import { describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors";
import {
  addToCart,
  assertQty,
  cartJson,
  cartTtlSeconds,
  MAX_LINE_QTY,
  MAX_LINES,
  mergeCarts,
  priceCart,
  setLineQty,
  unwrap,
  type CartLine,
  type CatalogEntry,
  type LineOffer,
} from "../../workers/cart/cart";

const line = (productId: string, qty: number, over: Partial<CartLine> = {}): CartLine => ({
  productId,
  qty,
  priceAtAdd: 100,
  currency: "GBP",
  addedAt: 1,
  updatedAt: 1,
  ...over,
});
const offer = (productId: string, qty: number, over: Partial<LineOffer> = {}): LineOffer => ({
  productId,
  qty,
  priceMinor: 100,
  currency: "GBP",
  available: 1000,
  ...over,
});
const entry = (productId: string, over: Partial<CatalogEntry> = {}): CatalogEntry => ({
  productId,
  title: `Product ${productId}`,
  priceMinor: 100,
  currency: "GBP",
  deleted: false,
  ...over,
});

describe("line quantities", () => {
  it("accepts whole numbers from 1 to the per-line maximum", () => {
    expect(codeOf(() => assertQty(1))).toBe("none");
    expect(codeOf(() => assertQty(MAX_LINE_QTY))).toBe("none");
  });

  it("refuses zero, negatives, fractions and non-numbers as invalid_quantity", () => {
    for (const q of [0, -1, 1.5, Number.NaN, Infinity]) expect(codeOf(() => assertQty(q))).toBe("invalid_data/invalid_quantity");
  });

  it("refuses more than the per-line maximum as line_limit", () => {
    expect(codeOf(() => assertQty(MAX_LINE_QTY + 1))).toBe("not_allowed/line_limit");
  });
});

describe("adding to a cart", () => {
  it("creates a line at today's price", () => {
    expect(addToCart([], offer("A", 2, { priceMinor: 250 }), 10)).toEqual({
      productId: "A",
      qty: 2,
      priceAtAdd: 250,
      currency: "GBP",
      addedAt: 10,
      updatedAt: 10,
    });
  });

  it("adds to an existing line, keeps its added time and takes today's price", () => {
    const l = addToCart([line("A", 3, { addedAt: 5, priceAtAdd: 100 })], offer("A", 2, { priceMinor: 120 }), 10);
    expect(l).toMatchObject({ qty: 5, addedAt: 5, updatedAt: 10, priceAtAdd: 120 });
  });

  it("caps the line at the per-line maximum, counting what is already there", () => {
    expect(codeOf(() => addToCart([line("A", MAX_LINE_QTY - 1)], offer("A", 2), 1))).toBe("not_allowed/line_limit");
    expect(addToCart([line("A", MAX_LINE_QTY - 1)], offer("A", 1), 1).qty).toBe(MAX_LINE_QTY);
  });

  it("refuses more than is available, saying how many are", () => {
    try {
      addToCart([line("A", 2)], offer("A", 2, { available: 3 }), 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ type: "not_allowed", code: "insufficient_stock" });
      expect((e as Error).message).toContain("Only 3");
    }
    expect(codeOf(() => addToCart([], offer("A", 1, { available: 0 }), 1))).toBe("not_allowed/insufficient_stock");
  });

  it("keeps one currency per cart", () => {
    expect(codeOf(() => addToCart([line("A", 1)], offer("B", 1, { currency: "USD" }), 1))).toBe("not_allowed/currency_mismatch");
    expect(addToCart([], offer("B", 1, { currency: "USD" }), 1).currency).toBe("USD");
  });

  it("bounds the number of distinct products", () => {
    const full = Array.from({ length: MAX_LINES }, (_, i) => line(`P${i}`, 1));
    expect(codeOf(() => addToCart(full, offer("NEW", 1), 1))).toBe("not_allowed/line_limit");
    expect(codeOf(() => addToCart(full, offer("P0", 1), 1))).toBe("none");
  });
});

describe("unpriced products", () => {
  it("cannot be added (product_unpriced), whatever the stock", () => {
    for (const priceMinor of [0, -5, 1.5])
      expect(codeOf(() => addToCart([], offer("Z", 1, { priceMinor }), 1))).toBe("not_allowed/product_unpriced");
  });
});

describe("setting a quantity", () => {
  it("sets the line's quantity", () => {
    expect(setLineQty(line("A", 5), "A", 2, 10, 9)).toMatchObject({ qty: 2, updatedAt: 9 });
  });

  it("refuses a line that is not in the cart, bad quantities and more than available", () => {
    expect(codeOf(() => setLineQty(undefined, "A", 1, 10, 1))).toBe("not_found/cart_line_not_found");
    expect(codeOf(() => setLineQty(line("A", 1), "A", 0, 10, 1))).toBe("invalid_data/invalid_quantity");
    expect(codeOf(() => setLineQty(line("A", 1), "A", MAX_LINE_QTY + 1, 1000, 1))).toBe("not_allowed/line_limit");
    expect(codeOf(() => setLineQty(line("A", 1), "A", 4, 3, 1))).toBe("not_allowed/insufficient_stock");
  });
});

describe("merging a guest cart into a customer's", () => {
  it("adds quantities to existing lines and brings new lines over at the guest's price", () => {
    const out = mergeCarts([line("A", 2)], [offer("A", 3), offer("B", 1, { priceMinor: 70 })], 50);
    expect(out.changed).toEqual([
      line("A", 5, { updatedAt: 50 }),
      { productId: "B", qty: 1, priceAtAdd: 70, currency: "GBP", addedAt: 50, updatedAt: 50 },
    ]);
    expect(out.skipped).toEqual([]);
  });

  it("caps by the per-line maximum and by stock, never lowering what the customer has", () => {
    const out = mergeCarts(
      [line("A", 40), line("B", 5)],
      [offer("A", 30), offer("B", 4, { available: 3 }), offer("C", 9, { available: 4 })],
      1,
    );
    expect(out.changed.map((l) => [l.productId, l.qty])).toEqual([
      ["A", MAX_LINE_QTY],
      ["C", 4],
    ]);
  });

  it("skips out-of-stock lines, other currencies and lines beyond the cart's size", () => {
    const out = mergeCarts([line("A", 1)], [offer("B", 2, { available: 0 }), offer("C", 1, { currency: "EUR" })], 1);
    expect(out.skipped).toEqual([
      { productId: "B", reason: "out_of_stock" },
      { productId: "C", reason: "currency_mismatch" },
    ]);
    const full = Array.from({ length: MAX_LINES }, (_, i) => line(`P${i}`, 1));
    expect(mergeCarts(full, [offer("NEW", 1)], 1).skipped).toEqual([{ productId: "NEW", reason: "cart_full" }]);
  });

  it("brings no line for a product without a price", () => {
    expect(mergeCarts([], [offer("Z", 1, { priceMinor: 0 }), offer("A", 1)], 1).changed.map((l) => l.productId)).toEqual(["A"]);
  });

  it("takes the guest's currency when the customer's cart is empty, and keeps it", () => {
    const out = mergeCarts([], [offer("A", 1, { currency: "USD" }), offer("B", 1, { currency: "GBP" })], 1);
    expect(out.changed.map((l) => l.productId)).toEqual(["A"]);
    expect(out.skipped).toEqual([{ productId: "B", reason: "currency_mismatch" }]);
  });
});

describe("pricing a cart", () => {
  it("totals in integer minor units at today's prices", () => {
    const lines = [line("A", 3, { priceAtAdd: 295 }), line("B", 2, { priceAtAdd: 1050 })];
    const catalog = new Map([
      ["A", entry("A", { priceMinor: 295 })],
      ["B", entry("B", { priceMinor: 1050 })],
    ]);
    const priced = priceCart(
      lines,
      catalog,
      new Map([
        ["A", 10],
        ["B", 10],
      ]),
    );
    expect(priced.totals).toEqual({ subtotal: 3 * 295 + 2 * 1050, itemCount: 5, currency: "GBP" });
    expect(priced.lines.map((l) => l.lineTotal)).toEqual([885, 2100]);
    expect(priced.lines.every((l) => !l.priceChanged && !l.outOfStock && !l.unavailable)).toBe(true);
  });

  it("flags a price change and prices at the new price", () => {
    const priced = priceCart([line("A", 2, { priceAtAdd: 100 })], new Map([["A", entry("A", { priceMinor: 80 })]]), new Map([["A", 5]]));
    expect(priced.lines[0]).toMatchObject({ unitPrice: 80, priceAtAdd: 100, priceChanged: true, lineTotal: 160 });
  });

  it("flags out of stock when fewer are available than wanted (no projection row = 0), keeping the line in the totals", () => {
    const catalog = new Map([
      ["A", entry("A")],
      ["B", entry("B")],
    ]);
    const priced = priceCart([line("A", 3), line("B", 1)], catalog, new Map([["A", 2]]));
    expect(priced.lines.map((l) => [l.available, l.outOfStock])).toEqual([
      [2, true],
      [0, true],
    ]);
    expect(priced.totals.itemCount).toBe(4);
  });

  it("flags deleted, unknown and re-currencied products unavailable and leaves them out of the totals", () => {
    const catalog = new Map([
      ["A", entry("A")],
      ["D", entry("D", { deleted: true })],
      ["U", entry("U", { currency: "USD" })],
    ]);
    const priced = priceCart([line("A", 1), line("D", 2), line("GONE", 3), line("U", 1)], catalog, new Map());
    expect(priced.lines.map((l) => [l.productId, l.unavailable, l.lineTotal])).toEqual([
      ["A", false, 100],
      ["D", true, 0],
      ["GONE", true, 0],
      ["U", true, 0],
    ]);
    expect(priced.lines.find((l) => l.productId === "GONE")!.title).toBeNull();
    expect(priced.totals).toEqual({ subtotal: 100, itemCount: 1, currency: "GBP" });
  });

  it("flags a product whose price went to 0 unpriced and unavailable, out of the totals", () => {
    const catalog = new Map([
      ["A", entry("A")],
      ["Z", entry("Z", { priceMinor: 0 })],
    ]);
    const priced = priceCart(
      [line("A", 1), line("Z", 2)],
      catalog,
      new Map([
        ["A", 5],
        ["Z", 5],
      ]),
    );
    expect(priced.lines.map((l) => [l.productId, l.unpriced, l.unavailable, l.lineTotal])).toEqual([
      ["A", false, false, 100],
      ["Z", true, true, 0],
    ]);
    expect(priced.totals.subtotal).toBe(100);
  });

  it("shapes an empty cart with no currency", () => {
    expect(cartJson(null, priceCart([], new Map(), new Map()))).toEqual({
      cart_id: null,
      lines: [],
      totals: { subtotal: 0, item_count: 0, currency: null },
    });
  });
});

describe("cart plumbing", () => {
  it("reads the TTL from configuration, falling back to 30 days", () => {
    expect(cartTtlSeconds("60")).toBe(60);
    for (const bad of [undefined, "", "0", "-5", "abc", "1.5"]) expect(cartTtlSeconds(bad)).toBe(30 * 24 * 3600);
  });

  it("turns an RPC failure back into a DomainError", () => {
    expect(unwrap({ ok: true, value: 3 })).toBe(3);
    expect(codeOf(() => unwrap({ ok: false, error: { type: "not_allowed", code: "line_limit", message: "x" } }))).toBe(
      "not_allowed/line_limit",
    );
  });
});
