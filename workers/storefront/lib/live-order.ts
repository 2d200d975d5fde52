// Keeps one order page current: the tracking socket while it works; when sockets keep failing,
// polling (every 5 s) plus a fresh socket attempt every minute, which ends the polling once live.
import { ApiError } from "./api";
import { poll } from "./live-poll";
import { connectLive, type LiveState, type LiveUpdate } from "./live-socket";

export interface TrackOptions {
  orderId: string;
  /** Epoch ms of the newest update the page shows. */
  since(): number;
  onUpdate(u: LiveUpdate): void;
  /** Re-reads the order (the polling fallback). */
  refresh(): Promise<void>;
  onState(s: LiveState): void;
  /** The session ended: nothing can be read any more. */
  onSignedOut(e: ApiError): void;
}

const SOCKET_RETRY_MS = 60_000;

export const trackOrder = (o: TrackOptions): { stop(): void } => {
  let stopped = false;
  let socket: { stop(): void } | null = null;
  let poller: { stop(): void } | null = null;
  let retryTimer = 0;

  const stopPolling = () => {
    poller?.stop();
    poller = null;
  };

  const open = () => {
    if (stopped) return;
    socket = connectLive({
      orderId: o.orderId,
      since: o.since,
      onUpdate: o.onUpdate,
      onState: (s) => {
        if (s === "stopped") return; // this wrapper decides when tracking stops
        if (s === "live") stopPolling();
        o.onState(poller ? "polling" : s);
      },
      onGiveUp: (why) => {
        socket = null;
        if (why instanceof ApiError && why.status === 401) {
          stop();
          return o.onSignedOut(why);
        }
        poller ??= poll(o.refresh);
        o.onState("polling");
        // Not allowed (403: an admin's view) never changes; anything else may come back.
        if (!(why instanceof ApiError && why.status === 403)) retryTimer = window.setTimeout(open, SOCKET_RETRY_MS);
      },
    });
  };

  function stop() {
    if (stopped) return;
    stopped = true;
    window.clearTimeout(retryTimer);
    socket?.stop();
    socket = null;
    stopPolling();
    o.onState("stopped");
  }

  open();
  return { stop };
};
