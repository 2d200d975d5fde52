// The delivery charge as the order API computes it (its own constants): free with Prime or from
// the free-delivery threshold, else standard delivery. Shown as an estimate before ordering.
import { FREE_SHIPPING_FROM_MINOR, STANDARD_SHIPPING_MINOR } from "../../orders/orders";
import { money } from "./format";

export const deliveryFor = (subtotal: number, isPrime: boolean): number =>
  isPrime || subtotal >= FREE_SHIPPING_FROM_MINOR ? 0 : STANDARD_SHIPPING_MINOR;

export const deliveryRule = (currency: string): string =>
  `Delivery is free from ${money(FREE_SHIPPING_FROM_MINOR, currency)} and always free with Prime; otherwise ${money(STANDARD_SHIPPING_MINOR, currency)}.`;
