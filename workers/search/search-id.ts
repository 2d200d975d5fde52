// Signed search ids: minted per search response (never cached), they commit to the products that
// response showed and where, so POST /api/v1/events can check without storage that an event is
// about a product the named search really returned. Layout (base64url of the bytes):
//   version (1) | issued at, epoch seconds (4) | offset of the page (2) | nonce (8) | tag × results (4 each)
// where tag_i = HMAC-SHA256(secret, "search-id|v1|nonce|issued|position|product_id")[0..4] for the
// result at position offset + i + 1. Editing any part breaks its tags; a forger without the secret
// passes one (product, position) guess with probability 2^-32.
const VERSION = 1;
const HEADER_BYTES = 15;
const TAG_BYTES = 4;
/** Longest id: a full page of PAGE_SIZE.max (50) results = 215 bytes = 287 base64url characters. */
export const MAX_SEARCH_ID_CHARS = 287;
/**
 * How long events may name a search: a day covers a tab left open overnight (the storefront sends
 * impressions and clicks at once, an add-to-cart within the same tab session). Shorter than the
 * 7-day window of `at`, so the dedup keys of a search can be forgotten a day after it.
 */
export const SEARCH_ID_TTL_MS = 86_400_000;
/** An id issued this far "in the future" is still taken (clock steps between instances). */
const ISSUE_SKEW_MS = 5 * 60_000;

const enc = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();
const keyOf = (secret: string) => {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", enc.encode(`search-id|${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
};

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const fromB64url = (s: string): Uint8Array | null => {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
};

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

const tag = async (secret: string, nonce: string, issued: number, position: number, productId: string): Promise<Uint8Array> =>
  new Uint8Array(
    await crypto.subtle.sign("HMAC", await keyOf(secret), enc.encode(`search-id|v1|${nonce}|${issued}|${position}|${productId}`)),
  ).slice(0, TAG_BYTES);

/** A fresh id for one response: `productIds` in the order shown, the first at position `offset + 1`. */
export const mintSearchId = async (secret: string, now: number, offset: number, productIds: readonly string[]): Promise<string> => {
  const issued = Math.floor(now / 1000);
  const nonce = crypto.getRandomValues(new Uint8Array(8));
  const bytes = new Uint8Array(HEADER_BYTES + TAG_BYTES * productIds.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, VERSION);
  view.setUint32(1, issued);
  view.setUint16(5, offset);
  bytes.set(nonce, 7);
  const n = hex(nonce);
  const tags = await Promise.all(productIds.map((id, i) => tag(secret, n, issued, offset + i + 1, id)));
  for (const [i, t] of tags.entries()) bytes.set(t, HEADER_BYTES + TAG_BYTES * i);
  return b64url(bytes);
};

export type SearchIdCheck =
  | { ok: true; nonce: string; issuedAt: number; slot: number }
  | { ok: false; reason: "malformed" | "expired" | "not_shown" };

/** Whether the search `id` showed `productId` at `position` and is still young enough to count. */
export const checkSearchEvent = async (
  secret: string,
  id: string,
  productId: string,
  position: number,
  now: number,
): Promise<SearchIdCheck> => {
  const bytes = id.length <= MAX_SEARCH_ID_CHARS ? fromB64url(id) : null;
  if (!bytes || bytes.length < HEADER_BYTES || (bytes.length - HEADER_BYTES) % TAG_BYTES !== 0 || bytes[0] !== VERSION)
    return { ok: false, reason: "malformed" };
  const view = new DataView(bytes.buffer);
  const issued = view.getUint32(1);
  const offset = view.getUint16(5);
  const issuedAt = issued * 1000;
  if (issuedAt > now + ISSUE_SKEW_MS || now - issuedAt > SEARCH_ID_TTL_MS) return { ok: false, reason: "expired" };
  const index = position - offset - 1;
  if (index < 0 || index >= (bytes.length - HEADER_BYTES) / TAG_BYTES) return { ok: false, reason: "not_shown" };
  const nonce = hex(bytes.slice(7, HEADER_BYTES));
  const expected = await tag(secret, nonce, issued, position, productId);
  const got = bytes.slice(HEADER_BYTES + TAG_BYTES * index, HEADER_BYTES + TAG_BYTES * (index + 1));
  let diff = 0;
  for (let i = 0; i < TAG_BYTES; i++) diff |= expected[i]! ^ got[i]!;
  return diff === 0 ? { ok: true, nonce, issuedAt, slot: index } : { ok: false, reason: "not_shown" };
};
