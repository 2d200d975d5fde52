// Opaque cursor tokens for keyset pagination: base64url JSON. Decoding is strict: a token that
// was not produced by `encodePageToken` (or was edited) is a 400, never a 500 or a silent reset.
import { DomainError } from "./errors";

const toBase64Url = (s: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

const fromBase64Url = (s: string): string => {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
};

export const encodePageToken = (cursor: Record<string, string | number>): string => toBase64Url(JSON.stringify(cursor));

/** Decodes a token and checks each expected key's type; throws invalid_page_token otherwise. */
export const decodePageToken = <K extends string>(token: string, shape: Record<K, "string" | "number">): Record<K, string | number> => {
  const bad = () => new DomainError("invalid_data", "invalid_page_token", "page_token is not a valid page token.");
  let value: unknown;
  try {
    value = JSON.parse(fromBase64Url(token));
  } catch {
    throw bad();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad();
  const record = value as Record<string, unknown>;
  for (const [key, type] of Object.entries(shape)) {
    if (typeof record[key] !== type) throw bad();
  }
  return record as Record<K, string | number>;
};
