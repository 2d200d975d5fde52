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
