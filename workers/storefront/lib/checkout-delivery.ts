// The delivery charge as the order API computes it (its own constants): free with Prime or from
// the free-delivery threshold, else standard delivery. Shown as an estimate before ordering.
import { FREE_SHIPPING_FROM_MINOR, STANDARD_SHIPPING_MINOR } from "../../orders/orders";

export const deliveryFor = (subtotal: number, isPrime: boolean): number =>
  isPrime || subtotal >= FREE_SHIPPING_FROM_MINOR ? 0 : STANDARD_SHIPPING_MINOR;
