// What a shopper is told about delivery, for this viewer: a Prime member always gets it free;
// anyone else gets it free from the free-delivery threshold (and the cart says how far away that
// is). The charge itself is checkout-delivery.ts's `deliveryFor`, the order API's rule with its
// own constants, so these sentences can never promise what checkout then charges. Pure, no DOM.
import { FREE_SHIPPING_FROM_MINOR } from "../../orders/orders";
import { deliveryFor } from "./checkout-delivery";
import { money } from "./format";

/** "£25.00" → "£25": a whole threshold reads better without its pence. */
const amount = (minor: number, currency: string): string => money(minor, currency).replace(/[.,]00(?=\D*$)/, "");

/** The line under a price (product page, search results) for a Prime member or anyone else. */
export const deliveryOffer = (isPrime: boolean, currency: string): string =>
  isPrime ? "FREE delivery with Prime" : `FREE delivery on orders from ${amount(FREE_SHIPPING_FROM_MINOR, currency)}`;

export interface CartDelivery {
  text: string;
  /** Whether this cart's delivery is free now. */
  free: boolean;
  /** How much more (minor units) makes it free; 0 when it already is. */
  missing: number;
}

/** The cart's delivery line: free with Prime, free already, or how much more makes it free. */
export const cartDelivery = (subtotal: number, isPrime: boolean, currency: string): CartDelivery => {
  if (deliveryFor(subtotal, isPrime) === 0) {
    return { text: isPrime ? "FREE delivery with Prime" : "You qualify for FREE delivery", free: true, missing: 0 };
  }
  const missing = FREE_SHIPPING_FROM_MINOR - subtotal;
  return { text: `Add ${money(missing, currency)} more for FREE delivery`, free: false, missing };
};
