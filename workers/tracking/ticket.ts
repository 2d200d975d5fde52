// Short-lived tickets that let a browser open the tracking WebSocket (which cannot carry an
// Authorization header): base64url(payload).base64url(HMAC-SHA256) binding a customer, an expiry
// and a random ticket id. A ticket sits in a URL (logs, history), so it opens one socket only:
// the customer's OrderTrackerDO records each id it has let in until the ticket expires.
// Pure apart from WebCrypto; time comes in as `nowMs`.
import { DomainError } from "../shared/errors";

export const TICKET_TTL_MS = 60_000;
export const MAX_TICKET_LENGTH = 512;

// Domain separation: the key is JWT_SECRET, so a ticket's signed input can never be a JWT's
// (whose first segment is base64url JSON) and a ticket's MAC cannot be replayed as one.
const PURPOSE = "order-tracking-ticket.v1.";

const encoder = new TextEncoder();

const toB64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

const fromB64Url = (s: string): Uint8Array<ArrayBuffer> => {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
};

const hmacKey = (secret: string): Promise<CryptoKey> =>
  crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);

interface TicketPayload {
  sub: string;
  exp: number;
  /** Random ticket id: what the tracker remembers to refuse a second use. */
  jti: string;
}

/** What a valid ticket says: whose it is, its id (single use), and when it expires (epoch ms). */
export interface VerifiedTicket {
  customerId: string;
  ticketId: string;
  expiresAt: number;
}

const TICKET_ID_BYTES = 16;
const TICKET_ID = /^[A-Za-z0-9_-]{16,64}$/;

export interface IssuedTicket {
  ticket: string;
  /** Epoch ms after which the ticket no longer opens a socket. */
  expiresAt: number;
}

export const issueTicket = async (secret: string, customerId: string, nowMs: number, ttlMs = TICKET_TTL_MS): Promise<IssuedTicket> => {
  const payload: TicketPayload = {
    sub: customerId,
    exp: nowMs + ttlMs,
    jti: toB64Url(crypto.getRandomValues(new Uint8Array(TICKET_ID_BYTES))),
  };
  const body = toB64Url(encoder.encode(JSON.stringify(payload)));
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(PURPOSE + body));
  return { ticket: `${body}.${toB64Url(new Uint8Array(mac))}`, expiresAt: payload.exp };
};

const invalid = (message = "The tracking ticket is invalid: request a new one.") =>
  new DomainError("unauthorized", "invalid_ticket", message);

/** The second use of a ticket: as refused as a forged one (the page simply asks for a new one). */
export const ticketUsed = (): DomainError => invalid("The tracking ticket has already been used: request a new one.");

/**
 * What a valid, unexpired ticket binds; throws `invalid_ticket` otherwise. Whether it was used
 * already is the tracker's to say (`OrderTrackerDO.claimTicket`).
 */
export const verifyTicket = async (secret: string, ticket: string, nowMs: number): Promise<VerifiedTicket> => {
  const parts = ticket.length <= MAX_TICKET_LENGTH ? ticket.split(".") : [];
  const [body, mac] = parts;
  if (parts.length !== 2 || !body || !mac || !/^[A-Za-z0-9_-]+$/.test(body + mac)) throw invalid();
  let payload: unknown;
  try {
    // The MAC is checked (in constant time, by WebCrypto) before the payload is even parsed.
    const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), fromB64Url(mac), encoder.encode(PURPOSE + body));
    if (!ok) throw invalid();
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromB64Url(body)));
  } catch {
    throw invalid();
  }
  const { sub, exp, jti } = (payload ?? {}) as Partial<TicketPayload>;
  if (typeof sub !== "string" || sub.length === 0 || !Number.isSafeInteger(exp) || typeof jti !== "string" || !TICKET_ID.test(jti)) {
    throw invalid();
  }
  if (nowMs >= exp!) throw invalid("The tracking ticket has expired: request a new one.");
  return { customerId: sub, ticketId: jti, expiresAt: exp! };
};
