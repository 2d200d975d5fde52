// Search events, pure: the event kinds, each event's stable dedup id, the time window an event
// must fall in, and the queue message the consumer parses back. No bindings.
import { sha256Hex } from "../shared/hash";
import type { Envelope } from "../shared/events";

export const SEARCH_EVENT_TYPES = ["impression", "click", "add_to_cart", "purchase"] as const;
export type SearchEventType = (typeof SEARCH_EVENT_TYPES)[number];

export const MAX_EVENTS_PER_REQUEST = 50;
export const MAX_POSITION = 1000;
/** Client clocks run fast: an event up to this far in the future is taken as is. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Older events (a client's stale offline buffer) say little about today's ranking: dropped. */
export const MAX_EVENT_AGE_MS = 7 * 86_400_000;

export interface SearchEventInput {
  eventId?: string;
  type: SearchEventType;
  searchId: string;
  productId: string;
  position?: number;
  /** Epoch ms; the receive time when the client sent none. */
  at?: number;
}

export type SearchEventMessage = Envelope<SearchEventType, { searchId: string; productId: string; position: number | null }>;

/**
 * The event's dedup id: the client's event_id (a UUID, lower-cased) or, without one, the SHA-256
 * (64 hex characters, so never equal to a UUID) of what identifies it: a resent batch is the
 * same events. One impression (or click...) per product and position of a search counts once.
 */
export const searchEventId = async (e: SearchEventInput): Promise<string> => {
  if (e.eventId) return e.eventId.toLowerCase();
  const key = [e.searchId.toLowerCase(), e.type, e.productId, e.position ?? ""].join("\n");
  return sha256Hex(key);
};

/** Whether an event time is inside the accepted window around `now`. */
export const inWindow = (at: number, now: number): boolean =>
  at <= now + MAX_FUTURE_SKEW_MS && at >= now - MAX_EVENT_AGE_MS;

/** The queue messages for a request's events, and how many fell outside the time window. */
export const toMessages = async (
  events: readonly SearchEventInput[],
  now: number,
): Promise<{ messages: SearchEventMessage[]; dropped: number }> => {
  const messages: SearchEventMessage[] = [];
  for (const e of events) {
    const at = e.at ?? now;
    if (!inWindow(at, now)) continue;
    messages.push({
      id: await searchEventId(e),
      type: e.type,
      occurredAt: at,
      data: { searchId: e.searchId.toLowerCase(), productId: e.productId, position: e.position ?? null },
    });
  }
  return { messages, dropped: events.length - messages.length };
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A queue body back as a message, or null when it is not one (the consumer's poison check). */
export const parseSearchEventMessage = (body: unknown): SearchEventMessage | null => {
  if (!isRecord(body) || !isRecord(body.data)) return null;
  const { id, type, occurredAt, data } = body;
  const { searchId, productId, position } = data;
  if (typeof id !== "string" || id.length === 0 || id.length > 128) return null;
  if (!SEARCH_EVENT_TYPES.includes(type as SearchEventType)) return null;
  if (typeof occurredAt !== "number" || !Number.isFinite(occurredAt)) return null;
  if (typeof searchId !== "string" || typeof productId !== "string" || productId.length === 0 || productId.length > 32) return null;
  if (position !== null && !(Number.isInteger(position) && (position as number) >= 1 && (position as number) <= MAX_POSITION)) return null;
  return { id, type: type as SearchEventType, occurredAt, data: { searchId, productId, position: position as number | null } };
};

/** The counter columns of product_signals one event adds to: [impressions, clicks, add_to_carts, purchases]. */
export const counterDeltas = (type: SearchEventType): [number, number, number, number] => [
  type === "impression" ? 1 : 0,
  type === "click" ? 1 : 0,
  type === "add_to_cart" ? 1 : 0,
  type === "purchase" ? 1 : 0,
];
