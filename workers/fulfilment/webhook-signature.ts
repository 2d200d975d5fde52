// Carrier webhook signatures: `X-Carrier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<raw body>">`. Verified over the raw bytes (re-serialised JSON would not match), within a
// replay window, with a constant-time compare. Pure apart from WebCrypto; time comes in as `nowMs`.
import { DomainError } from "../shared/errors";

export const SIGNATURE_HEADER = "X-Carrier-Signature";
/** How far a signature's timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
const MIN_SECRET_LENGTH = 32;
const MAX_HEADER_LENGTH = 1024;

const invalid = (message: string) => new DomainError("unauthorized", "invalid_signature", message);

export interface ParsedSignature {
  timestamp: number;
  /** Several v1 values are allowed so a carrier can sign with an old and a new secret while rotating. */
  signatures: string[];
}

/** Parses the header; null when it is missing or not of the documented form. */
export const parseSignatureHeader = (header: string | undefined | null): ParsedSignature | null => {
  if (!header || header.length > MAX_HEADER_LENGTH) return null;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (rest.length > 0 || value === undefined) return null;
    if (key === "t") {
      if (timestamp !== undefined || !/^[0-9]{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === "v1") {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return null;
      signatures.push(value.toLowerCase());
    }
  }
  return timestamp !== undefined && signatures.length > 0 ? { timestamp, signatures } : null;
};

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
};

const toHex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The hex HMAC-SHA256 of `<timestamp>.<body>`: what a carrier puts in v1. */
export const signPayload = async (secret: string, timestamp: number, body: Uint8Array): Promise<string> => {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const message = concat(new TextEncoder().encode(`${timestamp}.`), body);
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, message)));
};

/** The full header value for a body signed at `timestamp` (carrier simulators and tests). */
export const signatureHeader = async (secret: string, timestamp: number, body: Uint8Array): Promise<string> =>
  `t=${timestamp},v1=${await signPayload(secret, timestamp, body)}`;

/** Compares two equal-length hex strings without an early exit, so timing says nothing of where they differ. */
export const constantTimeEqual = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};

/** Throws unauthorized/invalid_signature unless the header signs exactly `body` within the window. */
export const verifySignature = async (
  secret: string,
  header: string | undefined | null,
  body: Uint8Array,
  nowMs: number,
): Promise<void> => {
  if (secret.length < MIN_SECRET_LENGTH) {
    console.error(`CARRIER_WEBHOOK_SECRET is missing or shorter than ${MIN_SECRET_LENGTH} characters`);
    throw new DomainError("internal", "misconfigured", "Carrier updates are not accepted right now.");
  }
  const parsed = parseSignatureHeader(header);
  if (!parsed) throw invalid(`Send ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256>.`);
  if (Math.abs(nowMs / 1000 - parsed.timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    throw invalid(`The signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds from now.`);
  }
  const expected = await signPayload(secret, parsed.timestamp, body);
  // Every candidate is compared (no short-circuit) so the count of matches is not timed either.
  const matches = parsed.signatures.map((s) => constantTimeEqual(s, expected));
  if (!matches.includes(true)) throw invalid("The signature does not match the body.");
};
