// Identifier formats. Random parts come from crypto.getRandomValues (uniform, no modulo bias:
// 32 divides 256). Pure apart from that randomness; no bindings.

const BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I, L, O, U

const randomBase32 = (length: number): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += BASE32[b % 32];
  return out;
};

/** A new product id: 10 characters, ASIN-like (`B0` + 8 base32 characters). */
export const newProductId = (): string => `B0${randomBase32(8)}`;

/**
 * Product ids accepted in paths: new ASIN-like ids and the imported data's stock codes
 * (`85123A`, `DCGS0003`, `gift_0001_10`). Anything else is rejected before a query runs.
 */
export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export const newUserId = (): string => `usr_${randomBase32(16).toLowerCase()}`;
export const newSellerId = (): string => `sel_${randomBase32(16).toLowerCase()}`;
export const newReviewId = (): string => `rev_${randomBase32(16).toLowerCase()}`;

const randomDigits = (n: number): string => {
  // 250 is the largest multiple of 10 below 256: rejecting bytes above it keeps digits uniform.
  let out = "";
  while (out.length < n) {
    for (const b of crypto.getRandomValues(new Uint8Array(n * 2))) if (b < 250 && out.length < n) out += String(b % 10);
  }
  return out;
};

/** An order id in the design's form `112-3456789-1234567`. */
export const newOrderId = (): string => `112-${randomDigits(7)}-${randomDigits(7)}`;
export const ORDER_ID_PATTERN = /^\d{3}-\d{7}-\d{7}$/;
export const newAddressId = (): string => `adr_${randomBase32(16).toLowerCase()}`;
export const newPaymentMethodId = (): string => `pm_${randomBase32(16).toLowerCase()}`;
/** One attempt to save a card (card_tokenisations). */
export const newTokenisationId = (): string => `tka_${randomBase32(16).toLowerCase()}`;
