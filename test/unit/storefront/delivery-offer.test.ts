// What the storefront promises about delivery, checked against what the order API charges
// (draftOrder's shipping): a Prime member is told it is free; anyone else the threshold, and in
// the cart either that it is free already or exactly how much more makes it free.
import { describe, expect, it } from "vitest";
import type { PricedCart } from "../../../workers/cart/cart";
import { draftOrder, FREE_SHIPPING_FROM_MINOR } from "../../../workers/orders/orders";
import { cartDelivery, deliveryOffer } from "../../../workers/storefront/lib/delivery-offer";

/** The shipping the API charges for an order with this subtotal. */
const charged = (subtotal: number, isPrime: boolean): number => {
  const cart: PricedCart = {
    lines: [
      {
        productId: "P1",
        title: "Thing",
        qty: 1,
        unitPrice: subtotal,
        currency: "GBP",
        lineTotal: subtotal,
        priceAtAdd: subtotal,
        priceChanged: false,
        available: 5,
        outOfStock: false,
        unavailable: false,
        unpriced: false,
      },
    ],
    totals: { subtotal, itemCount: 1, currency: "GBP" },
  };
  return draftOrder(cart, isPrime).shipping;
};

const SUBTOTALS = [
  1,
  99,
  399,
  1000,
  FREE_SHIPPING_FROM_MINOR - 100,
  FREE_SHIPPING_FROM_MINOR - 1,
  FREE_SHIPPING_FROM_MINOR,
  FREE_SHIPPING_FROM_MINOR + 1,
  10_000,
];

describe("deliveryOffer (product and search)", () => {
  it("a Prime member: free with Prime, and the API charges them nothing whatever the cart", () => {
    expect(deliveryOffer(true, "GBP")).toBe("FREE delivery with Prime");
    for (const s of SUBTOTALS) expect(charged(s, true), String(s)).toBe(0);
  });

  it("anyone else: free from the API's threshold (never a flat promise of free delivery)", () => {
    expect(deliveryOffer(false, "GBP")).toBe(`FREE delivery on orders from £${FREE_SHIPPING_FROM_MINOR / 100}`);
    expect(charged(FREE_SHIPPING_FROM_MINOR - 1, false)).toBeGreaterThan(0); // so "fast, free delivery" would be false
    expect(charged(FREE_SHIPPING_FROM_MINOR, false)).toBe(0);
  });
});

describe("cartDelivery", () => {
  it.each(
    SUBTOTALS.flatMap(
      (s) =>
        [
          [s, true],
          [s, false],
        ] as const,
    ),
  )("subtotal %i, Prime %s: says free exactly when the API charges nothing", (subtotal, isPrime) => {
    const d = cartDelivery(subtotal, isPrime, "GBP");
    expect(d.free).toBe(charged(subtotal, isPrime) === 0);
    expect(/FREE delivery with Prime|You qualify for FREE delivery/.test(d.text)).toBe(d.free);
  });

  it("the amount to add is exactly what makes delivery free: a penny less still pays", () => {
    for (const subtotal of SUBTOTALS.filter((s) => s < FREE_SHIPPING_FROM_MINOR)) {
      const d = cartDelivery(subtotal, false, "GBP");
      expect(d.text).toBe(`Add £${(d.missing / 100).toFixed(2)} more for FREE delivery`);
      expect(charged(subtotal + d.missing, false)).toBe(0);
      expect(charged(subtotal + d.missing - 1, false)).toBeGreaterThan(0);
    }
  });

  it("a Prime member is told why it is free; anyone else that they qualify", () => {
    expect(cartDelivery(100, true, "GBP").text).toBe("FREE delivery with Prime");
    expect(cartDelivery(FREE_SHIPPING_FROM_MINOR, false, "GBP")).toEqual({ text: "You qualify for FREE delivery", free: true, missing: 0 });
  });
});
