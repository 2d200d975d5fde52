// The order page's panels as a function of the order's status: for every status the banner,
// headline, estimate, reason, retry link and cancel button agree with each other and with the
// status (a declined order never thanks the shopper for a placed order; a delivered one never
// promises to reserve its items; out for delivery never shows a date that says otherwise).
import { describe, expect, it } from "vitest";
import { CANCELLABLE_STATUSES, ORDER_STATUSES, TERMINAL_STATUSES } from "../../../workers/orders/order-status";
import { orderPanels, RESERVE_STEP, type OrderPanels } from "../../../workers/storefront/lib/order-panels";

const ESTIMATE = "2026-12-09";
const panels = (status: string, reason: string | null = null) => orderPanels(status, reason, ESTIMATE);

/** Every sentence the page would show for these panels. */
const texts = (p: OrderPanels): string[] => [
  ...(p.banner ? [p.banner.title, ...p.banner.next] : []),
  p.headline,
  ...(p.estimate?.kind === "date" ? [`Estimated delivery: ${p.estimate.date}`] : p.estimate ? ["Arriving today"] : []),
  ...(p.reason ? [p.reason] : []),
];

describe("orderPanels", () => {
  it.each(ORDER_STATUSES)("%s: thanks for a placed order only while it goes ahead", (status) => {
    const p = panels(status);
    const stopped = status === "FAILED" || status === "CANCELLED";
    expect(p.banner === null).toBe(stopped);
    expect(texts(p).some((t) => /thank you/i.test(t))).toBe(!stopped);
    expect(texts(p).some((t) => /has been placed/i.test(t))).toBe(status === "PENDING" || status === "RESERVED");
  });

  it.each(ORDER_STATUSES)("%s: promises to reserve items and take payment only before that happened", (status) => {
    const waiting = status === "PENDING" || status === "RESERVED";
    expect(texts(panels(status)).some((t) => /we reserve your items|confirm your payment/i.test(t))).toBe(waiting);
  });

  it.each(ORDER_STATUSES)("%s: offers cancelling (button and banner) exactly when the API allows it", (status) => {
    const p = panels(status);
    const allowed = (CANCELLABLE_STATUSES as readonly string[]).includes(status);
    expect(p.cancellable).toBe(allowed);
    expect((p.banner?.next ?? []).some((t) => /cancel/i.test(t))).toBe(allowed);
  });

  it.each(ORDER_STATUSES)("%s: an estimate that fits the status", (status) => {
    const { estimate } = panels(status);
    if (status === "OUT_FOR_DELIVERY") expect(estimate).toEqual({ kind: "today" });
    else if (TERMINAL_STATUSES.includes(status)) expect(estimate).toBeNull();
    else expect(estimate).toEqual({ kind: "date", date: ESTIMATE });
    // Out for delivery: no date anywhere (it could say another day than "today").
    if (status === "OUT_FOR_DELIVERY") expect(texts(panels(status)).join(" ")).not.toContain(ESTIMATE);
  });

  it.each(ORDER_STATUSES)("%s: the reason and the retry link only for an order that stopped", (status) => {
    const p = panels(status, "card_declined");
    expect(p.reason !== null).toBe(status === "FAILED" || status === "CANCELLED");
    expect(p.retry).toBe(status === "FAILED");
  });

  it.each(ORDER_STATUSES)("%s: the page says nothing more once the order is final", (status) => {
    const p = panels(status);
    if (!TERMINAL_STATUSES.includes(status)) return;
    expect(p.cancellable).toBe(false);
    expect(p.banner?.next ?? []).toEqual([]);
  });

  it("a declined card: 'Payment failed' and why, no thanks, a way to try again", () => {
    const p = panels("FAILED", "card_declined");
    expect(p.headline).toBe("Payment failed");
    expect(p.reason).toMatch(/declined/i);
    expect(p.banner).toBeNull();
    expect(p.retry).toBe(true);
    expect(p.tone).toBe("bad");
  });

  it("delivered: thanks, no reservation promise, no estimate, no cancel", () => {
    const p = panels("DELIVERED");
    expect(p.banner?.title).toMatch(/thank you/i);
    expect(p.banner?.next).not.toContain(RESERVE_STEP);
    expect(p.estimate).toBeNull();
    expect(p.cancellable).toBe(false);
  });

  it("no estimate known: none shown while on its way", () => {
    expect(orderPanels("PAID", null, null).estimate).toBeNull();
    expect(orderPanels("OUT_FOR_DELIVERY", null, null).estimate).toEqual({ kind: "today" });
  });

  it("an unknown status (a newer API): no thanks or promises it cannot back", () => {
    const p = panels("ON_HOLD");
    expect(p.cancellable).toBe(false);
    expect(p.retry).toBe(false);
    expect(texts(p).some((t) => /reserve/i.test(t))).toBe(false);
  });
});
