// The small "Live" / "Reconnecting…" badge that says whether a page is receiving updates.
// Not a live region itself: the page announces the changes that matter, not connection noise.
import { h, replace } from "./dom";
import type { LiveState } from "./live-socket";

const TEXT: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  polling: "Checking every 5 s",
  stopped: "",
};

const TITLE: Record<LiveState, string> = {
  connecting: "Connecting for live updates",
  live: "This page updates by itself as your order moves",
  reconnecting: "The live connection dropped; reconnecting",
  polling: "Live updates are unavailable; this page checks for changes every 5 seconds",
  stopped: "",
};

export const liveIndicator = () => {
  const el = h("p", { class: "live-indicator", "data-testid": "live-indicator", hidden: true });
  return {
    el,
    set(state: LiveState) {
      el.dataset.state = state;
      el.hidden = state === "stopped";
      el.title = TITLE[state];
      replace(el, TEXT[state]);
    },
  };
};
