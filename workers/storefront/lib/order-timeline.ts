// The order's progress as an ordered list: placed → paid → shipped → out for delivery →
// delivered. Done steps show when they happened, the current step is aria-current="step", later
// steps are muted; a failed or cancelled order ends in a terminal step that says why.
import { h } from "./dom";
import { dateTime } from "./format";
import type { OrderDetail } from "./order-api";
import { reasonText } from "./order-text";

const STEPS = [
  { status: "PENDING", label: "Order placed" },
  { status: "PAID", label: "Payment confirmed" },
  { status: "SHIPPED", label: "Shipped" },
  { status: "OUT_FOR_DELIVERY", label: "Out for delivery" },
  { status: "DELIVERED", label: "Delivered" },
] as const;

const RANK: Record<string, number> = { PENDING: 0, RESERVED: 0, PAID: 1, SHIPPED: 2, OUT_FOR_DELIVERY: 3, DELIVERED: 4 };

/** What the timeline shows: the status, its reason, and when each status was reached (ISO). */
export interface Progress {
  status: string;
  reason: string | null;
  /** Status → when it was reached; PENDING is the order's creation. */
  reached: Map<string, string>;
}

export const progressOf = (o: OrderDetail): Progress => {
  const reached = new Map<string, string>([["PENDING", o.created_at]]);
  for (const e of o.timeline) if (e.kind === "status" && !reached.has(e.status)) reached.set(e.status, e.at);
  return { status: o.status, reason: o.status_reason, reached };
};

/** The progress after a live update (before the order is fetched again). */
export const withUpdate = (p: Progress, status: string, reason: string | null, at: string): Progress => {
  const reached = new Map(p.reached);
  if (!reached.has(status)) reached.set(status, at);
  return { status, reason, reached };
};

const when = (iso: string | undefined) => (iso ? h("time", { datetime: iso, class: "when" }, dateTime(iso)) : null);

const step = (status: string, label: string, state: "done" | "current" | "future" | "terminal", at?: string, note?: string) =>
  h(
    "li",
    { "data-status": status, class: `step ${state}`, "aria-current": state === "current" || state === "terminal" ? "step" : null },
    h("span", { class: "dot", "aria-hidden": "true" }, state === "terminal" ? "✕" : state === "future" ? "" : "✓"),
    h(
      "span",
      { class: "step-text" },
      h("span", { class: "step-label" }, label),
      state === "future" ? h("span", { class: "visually-hidden" }, " (not yet)") : null,
      state === "done" && !at ? h("span", { class: "muted" }, " (completed)") : null,
      when(at),
      note ? h("span", { class: "step-note" }, note) : null,
    ),
  );

export const renderTimeline = (p: Progress) => {
  const terminal = p.status === "CANCELLED" || p.status === "FAILED";
  const items: HTMLLIElement[] = [];
  if (terminal) {
    // Only the steps the order actually reached, then where it stopped and why.
    const last = Math.max(0, ...[...p.reached.keys()].map((s) => RANK[s] ?? 0));
    for (const s of STEPS.slice(0, last + 1)) items.push(step(s.status, s.label, "done", p.reached.get(s.status)));
    const label = p.status === "FAILED" ? "Payment failed" : "Cancelled";
    items.push(step(p.status, label, "terminal", p.reached.get(p.status), reasonText(p.status, p.reason)));
  } else {
    const current = RANK[p.status] ?? 0;
    STEPS.forEach((s, i) => {
      const state = i < current ? "done" : i === current ? "current" : "future";
      items.push(step(s.status, s.label, state, state === "future" ? undefined : p.reached.get(s.status)));
    });
  }
  return h("ol", { class: "timeline", "data-testid": "timeline", "aria-label": "Order progress" }, items);
};
