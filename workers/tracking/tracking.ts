// Order-tracking rules, pure: the messages a tracking socket receives, which sockets an update
// is for (socket tags), which updates are worth keeping and replaying, and the connect URL.
import type { OrderUpdate } from "./publish";

/** Last updates kept per customer for replay (the most recently changed orders). */
export const MAX_REMEMBERED_ORDERS = 50;
/** How long a remembered update stays replayable (a reconnect after a day starts from a GET). */
export const REPLAY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * A used ticket id is kept this long past its expiry: were the tracker's clock a little behind
 * the Worker's, it must not forget a ticket the Worker still takes as unexpired.
 */
export const USED_TICKET_GRACE_MS = 60_000;

/** Sent once on connect, before any replayed update. Carries no ids. */
export interface ReadyMessage {
  type: "ready";
}

/** One order's status change. `at` is the change time (ISO 8601). */
export interface OrderStatusMessage {
  type: "order_status";
  order_id: string;
  status: string;
  reason: string | null;
  at: string;
}

export type TrackerMessage = ReadyMessage | OrderStatusMessage;

export const readyMessage = (): ReadyMessage => ({ type: "ready" });

export const statusMessage = (u: OrderUpdate): OrderStatusMessage => ({
  type: "order_status",
  order_id: u.orderId,
  status: u.status,
  reason: u.reason,
  at: new Date(u.at).toISOString(),
});

/** Sockets of the whole "Your orders" page carry this tag; one order's page carries `orderTag`. */
export const ALL_ORDERS_TAG = "all";
export const orderTag = (orderId: string): string => `order:${orderId}`;

/** The hibernation tags a new socket is accepted with: its filter survives eviction with it. */
export const socketTags = (orderId: string | null): string[] => [orderId === null ? ALL_ORDERS_TAG : orderTag(orderId)];

/** The tags whose sockets should receive an update for `orderId`. */
export const audienceTags = (orderId: string): string[] => [ALL_ORDERS_TAG, orderTag(orderId)];

/**
 * Whether `next` should replace (and be broadcast over) the stored `prev` for the same order.
 * Saga events arrive at least once and unordered: an older change or a repeat of the stored one
 * is dropped, so a page never steps back to a stale status or sees a duplicate.
 */
export const supersedes = (prev: Pick<OrderUpdate, "status" | "at"> | undefined, next: OrderUpdate): boolean =>
  prev === undefined || next.at > prev.at || (next.at === prev.at && next.status !== prev.status);

/** Checks an update before it is stored: a malformed one is a caller bug, refused loudly. */
export const isValidUpdate = (u: OrderUpdate): boolean =>
  typeof u === "object" &&
  u !== null &&
  typeof u.orderId === "string" &&
  u.orderId.length > 0 &&
  u.orderId.length <= 64 &&
  typeof u.status === "string" &&
  u.status.length > 0 &&
  u.status.length <= 64 &&
  (u.reason === null || (typeof u.reason === "string" && u.reason.length <= 500)) &&
  Number.isSafeInteger(u.at) &&
  u.at >= 0;

/** What a connection asks for: one order only (or all), and updates after `since` (epoch ms). */
export interface ConnectOptions {
  orderId: string | null;
  since: number | null;
}

/** The URL the Worker forwards an upgrade to; only the tracker reads it. */
export const connectUrl = (o: ConnectOptions): string => {
  const q = new URLSearchParams();
  if (o.orderId !== null) q.set("order_id", o.orderId);
  if (o.since !== null) q.set("since", String(o.since));
  const query = q.toString();
  return `https://order-tracker.internal/connect${query && `?${query}`}`;
};

/** Reads `connectUrl`'s options back; anything malformed means "no filter" / "no replay". */
export const parseConnectUrl = (url: string): ConnectOptions => {
  const q = new URL(url).searchParams;
  const orderId = q.get("order_id");
  const since = Number(q.get("since") ?? Number.NaN);
  return {
    orderId: orderId !== null && orderId.length > 0 && orderId.length <= 64 ? orderId : null,
    since: Number.isSafeInteger(since) && since >= 0 ? since : null,
  };
};

/** The tracking socket's URL for a page on `origin` (https → wss). */
export const liveUrl = (origin: string, ticket: string): string => {
  const u = new URL("/api/v1/orders/live/socket", origin);
  u.protocol = u.protocol === "http:" ? "ws:" : "wss:";
  u.searchParams.set("ticket", ticket);
  return u.toString();
};
