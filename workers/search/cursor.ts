// Search page tokens: opaque, tamper-evident (HMAC-SHA256) and bound to the query they came from,
// so a token cannot be edited to jump elsewhere or replayed against another query.
import { DomainError } from "../shared/errors";

const enc = new TextEncoder();
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

const hmac = async (secret: string, data: string): Promise<string> => {
  const key = await crypto.subtle.importKey("raw", enc.encode(`search-page|${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return b64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(data)))).slice(0, 22);
};

const bad = () => new DomainError("invalid_data", "invalid_page_token", "page_token is not a valid page token for this search.");

/** `queryKey` is the normalised query and filters (not the page): the token only works for them. */
export const signPageToken = async (secret: string, queryKey: string, offset: number): Promise<string> => {
  const body = String(offset);
  return `${body}.${await hmac(secret, `${queryKey}|${body}`)}`;
};

export const readPageToken = async (secret: string, queryKey: string, token: string): Promise<number> => {
  const m = /^(\d{1,6})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) throw bad();
  const expected = await hmac(secret, `${queryKey}|${m[1]}`);
  // Compare in constant time: the signature is the only secret-dependent part.
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ m[2]!.charCodeAt(i);
  if (diff !== 0) throw bad();
  return Number(m[1]);
};
