// Search events, pure: the event kinds a client may report, the check that each names a product
// its signed search id really showed (search-id.ts), the time window, and the queue message the
// consumer parses back. Purchases are not reported: they are counted from paid orders
// (signals.repo.ts). No bindings.
import { checkSearchEvent } from "../search/search-id";
import type { Envelope } from "../shared/events";

export const SEARCH_EVENT_TYPES = ["impression", "click", "add_to_cart"] as const;
export type SearchEventType = (typeof SEARCH_EVENT_TYPES)[number];

export const MAX_EVENTS_PER_REQUEST = 50;
export const MAX_POSITION = 1000;
/** Client clocks run fast: an event up to this far in the future is taken as is. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Older events (a client's stale offline buffer) say little about today's ranking: dropped. */
export const MAX_EVENT_AGE_MS = 7 * 86_400_000;

export interface SearchEventInput {
  type: SearchEventType;
  searchId: string;
  productId: string;
  position: number;
  /** Epoch ms; the receive time when the client sent none. */
  at?: number;
}

/**
 * searchId is the search's nonce (not the whole signed id), slot the result's index in that
 * response (0-49): together with the type they are what counts once. issuedAt: when the search
 * was answered, so the consumer can refuse an event older than the dedup keys' retention.
 */
export type SearchEventMessage = Envelope<
  SearchEventType,
  { searchId: string; productId: string; position: number; slot: number; issuedAt: number }
>;

/** Whether an event time is inside the accepted window around `now`. */
export const inWindow = (at: number, now: number): boolean => at <= now + MAX_FUTURE_SKEW_MS && at >= now - MAX_EVENT_AGE_MS;

/**
 * The queue messages for a request's events. `rejected`: events whose search id is not one we
 * signed, has expired, or did not show that product at that position (never queued);
 * `dropped`: genuine events outside the time window. A repeat within the request is sent once.
 */
export const toMessages = async (
  secret: string,
  events: readonly SearchEventInput[],
  now: number,
): Promise<{ messages: SearchEventMessage[]; dropped: number; rejected: number }> => {
  const messages = new Map<string, SearchEventMessage>();
  let dropped = 0;
  let rejected = 0;
  for (const e of events) {
    const check = await checkSearchEvent(secret, e.searchId, e.productId, e.position, now);
    if (!check.ok) {
      rejected++;
      continue;
    }
    const at = e.at ?? now;
    if (!inWindow(at, now)) {
      dropped++;
      continue;
    }
    const id = `${check.nonce}:${e.type}:${check.slot}`;
    messages.set(id, {
      id,
      type: e.type,
      occurredAt: at,
      data: { searchId: check.nonce, productId: e.productId, position: e.position, slot: check.slot, issuedAt: check.issuedAt },
    });
  }
  return { messages: [...messages.values()], dropped, rejected };
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const intIn = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** A queue body back as a message, or null when it is not one (the consumer's poison check). */
export const parseSearchEventMessage = (body: unknown): SearchEventMessage | null => {
  if (!isRecord(body) || !isRecord(body.data)) return null;
  const { id, type, occurredAt, data } = body;
  const { searchId, productId, position, slot, issuedAt } = data;
  if (typeof id !== "string" || id.length === 0 || id.length > 128) return null;
  if (!SEARCH_EVENT_TYPES.includes(type as SearchEventType)) return null;
  if (typeof occurredAt !== "number" || !Number.isFinite(occurredAt)) return null;
  if (typeof searchId !== "string" || !/^[0-9a-f]{16}$/.test(searchId)) return null;
  if (typeof productId !== "string" || productId.length === 0 || productId.length > 32) return null;
  if (!intIn(position, 1, MAX_POSITION) || !intIn(slot, 0, 63) || typeof issuedAt !== "number" || !Number.isFinite(issuedAt)) return null;
  return { id, type: type as SearchEventType, occurredAt, data: { searchId, productId, position, slot, issuedAt } };
};

/** The counter columns of product_signals one event adds to: [impressions, clicks, add_to_carts]. */
export const counterDeltas = (type: SearchEventType): [number, number, number] => [
  type === "impression" ? 1 : 0,
  type === "click" ? 1 : 0,
  type === "add_to_cart" ? 1 : 0,
];
