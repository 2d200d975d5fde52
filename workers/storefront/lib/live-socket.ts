// The order-tracking WebSocket with everything a long-lived page needs: a fresh ticket per
// attempt (tickets last 60 s), `since` replay so a reconnect misses nothing, keep-alive pings,
// reconnect with jittered backoff, and a give-up signal after repeated failures (callers poll).
import { ApiError } from "./api";
import { type LiveTicket, liveTicket } from "./order-api";

/** One status change as the tracker sends it (workers/tracking/tracking.ts OrderStatusMessage). */
export interface LiveUpdate {
  type: "order_status";
  order_id: string;
  status: string;
  reason: string | null;
  at: string;
}

export type LiveState = "connecting" | "live" | "reconnecting" | "polling" | "stopped";

export interface LiveOptions {
  /** Only this order's updates (an order page); omitted: all of the customer's orders. */
  orderId?: string;
  /** Epoch ms of the newest update the page shows: the server replays anything after it. */
  since(): number;
  onUpdate(u: LiveUpdate): void;
  onState(s: LiveState): void;
  /** WebSockets keep failing (or are not allowed): the caller falls back to polling. */
  onGiveUp(reason: unknown): void;
}

const MAX_FAILURES = 4;
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;
/** A socket that closes sooner than this after opening counts as a failed attempt. */
const STABLE_MS = 5_000;

const isUpdate = (m: unknown): m is LiveUpdate =>
  typeof m === "object" &&
  m !== null &&
  (m as LiveUpdate).type === "order_status" &&
  typeof (m as LiveUpdate).order_id === "string" &&
  typeof (m as LiveUpdate).status === "string" &&
  typeof (m as LiveUpdate).at === "string";

export const connectLive = (o: LiveOptions): { stop(): void } => {
  let ws: WebSocket | null = null;
  let stopped = false;
  let failures = 0;
  let openedAt = 0;
  let retryTimer = 0;
  let pingTimer = 0;
  let pongTimer = 0;

  const clearTimers = () => {
    for (const t of [retryTimer, pingTimer, pongTimer]) window.clearTimeout(t);
  };

  /** Detaches and closes the current socket without triggering its handlers. */
  const drop = () => {
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(1000, "page done");
    } catch {
      /* already closing */
    }
    ws = null;
  };

  const giveUp = (reason: unknown) => {
    stop();
    o.onGiveUp(reason);
  };

  const retry = () => {
    clearTimers();
    drop();
    if (stopped) return;
    const lived = openedAt > 0 && Date.now() - openedAt >= STABLE_MS;
    failures = lived ? 0 : failures + 1;
    openedAt = 0;
    if (failures >= MAX_FAILURES) return giveUp(new Error("The live connection keeps failing."));
    o.onState("reconnecting");
    const base = Math.min(30_000, 1000 * 2 ** failures);
    retryTimer = window.setTimeout(() => void attempt(), base / 2 + Math.random() * (base / 2));
  };

  const keepAlive = () => {
    pingTimer = window.setTimeout(() => {
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      ws.send("ping");
      pongTimer = window.setTimeout(retry, PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  };

  const onMessage = (e: MessageEvent) => {
    window.clearTimeout(pongTimer);
    window.clearTimeout(pingTimer);
    keepAlive();
    if (e.data === "pong" || typeof e.data !== "string") return;
    let m: unknown;
    try {
      m = JSON.parse(e.data);
    } catch {
      return;
    }
    if ((m as { type?: string } | null)?.type === "ready") {
      openedAt = Date.now();
      o.onState("live");
    } else if (isUpdate(m) && (!o.orderId || m.order_id === o.orderId)) {
      o.onUpdate(m);
    }
  };

  const attempt = async () => {
    if (stopped) return;
    let ticket: LiveTicket;
    try {
      ticket = await liveTicket();
    } catch (e) {
      // Not allowed (an admin, a signed-out page) is final; a network blip is one more failure.
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return giveUp(e);
      return retry();
    }
    if (stopped) return;
    const url = new URL(ticket.url);
    if (o.orderId) url.searchParams.set("order_id", o.orderId);
    const since = Math.floor(o.since());
    if (since > 0) url.searchParams.set("since", String(since));
    try {
      ws = new WebSocket(url);
    } catch {
      return retry();
    }
    ws.onmessage = onMessage;
    ws.onclose = retry;
    ws.onerror = retry;
  };

  const online = () => {
    if (!stopped && !ws) {
      window.clearTimeout(retryTimer);
      void attempt();
    }
  };

  function stop() {
    if (stopped) return;
    stopped = true;
    clearTimers();
    drop();
    window.removeEventListener("online", online);
    o.onState("stopped");
  }

  window.addEventListener("online", online);
  o.onState("connecting");
  void attempt();
  return { stop };
};
