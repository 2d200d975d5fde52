import { describe, expect, it } from "vitest";
import { NOTIFICATION_KINDS } from "../../../workers/shared/events";
import { formatMoney, renderNotification, type OrderSummary } from "../../../workers/notifications/templates";
import { GENERIC_DECLINE } from "../../../workers/payments/declines";

const order = (overrides: Partial<OrderSummary> = {}): OrderSummary => ({
  id: "112-0000001-0000001",
  customerName: "Ann Example",
  totalMinor: 2548,
  currency: "GBP",
  lines: [
    { title: "White metal lantern", quantity: 2, unitPriceMinor: 339 },
    { title: "Jumbo bag, red retrospot", quantity: 1, unitPriceMinor: 1870 },
  ],
  estimatedDelivery: Date.UTC(2026, 9, 27),
  carrier: "Royal Mail",
  trackingNumber: "RM123456789GB",
  reason: null,
  ...overrides,
});

describe("renderNotification", () => {
  it.each(NOTIFICATION_KINDS)("renders %s: a one-line subject naming the order and a greeting body", (kind) => {
    const email = renderNotification(kind, order());
    expect(email.subject).toContain("112-0000001-0000001");
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).toMatch(/^Hello Ann Example,\n\n/);
    expect(email.text).toContain("Order number: 112-0000001-0000001");
    expect(email.text).not.toMatch(/<[a-z]/i); // plain text, no markup
  });

  it("lists the lines and the total on a confirmation, with the estimated delivery day", () => {
    const { subject, text } = renderNotification("order_confirmed", order());
    expect(subject).toBe("Your order 112-0000001-0000001 is confirmed");
    expect(text).toContain("  2 x White metal lantern  £6.78");
    expect(text).toContain("  1 x Jumbo bag, red retrospot  £18.70");
    expect(text).toContain("Total: £25.48");
    expect(text).toContain("Estimated delivery: Tuesday, 27 October 2026");
  });

  it("gives the carrier and tracking number once shipped", () => {
    const { text } = renderNotification("shipped", order());
    expect(text).toContain("Carrier: Royal Mail");
    expect(text).toContain("Tracking number: RM123456789GB");
  });

  it("explains known reasons and names unknown ones without interpreting them", () => {
    expect(renderNotification("payment_failed", order({ reason: "card_declined" })).text).toContain(GENERIC_DECLINE);
    // The issuer's precise reason is for admins: the shopper's email says only that the card was declined.
    for (const reason of ["insufficient_funds", "expired_card", "stolen_card"]) {
      const text = renderNotification("payment_failed", order({ reason })).text;
      expect(text, reason).toContain(GENERIC_DECLINE);
      expect(text, reason).not.toMatch(/insufficient|expired|stolen/i);
    }
    expect(renderNotification("order_timed_out", order({ reason: "payment_timeout" })).text).toContain(
      "not receive a payment result in time",
    );
    expect(renderNotification("payment_failed", order({ reason: "gateway_error" })).text).toContain("Reason: gateway error.");
  });

  it("leaves out what the order does not have (no delivery estimate, no shipment, guest name)", () => {
    const { text } = renderNotification(
      "out_for_delivery",
      order({ estimatedDelivery: null, carrier: null, trackingNumber: null, customerName: null }),
    );
    expect(text).toMatch(/^Hello,\n\n/);
    expect(text).not.toContain("Carrier");
    expect(text).not.toContain("Estimated delivery");
  });

  it("flattens control characters in user-supplied text: a title or name cannot add lines or headers", () => {
    const evil = order({
      customerName: "Eve\r\nBcc: victim@example.com",
      lines: [{ title: "Lamp\r\n\r\nYour card was refunded\u2028!", quantity: 1, unitPriceMinor: 100 }],
      trackingNumber: "X\nY",
    });
    const shipped = renderNotification("shipped", evil);
    expect(shipped.text).toContain("Hello Eve Bcc: victim@example.com,");
    expect(shipped.text).toContain("  1 x Lamp Your card was refunded !  £1.00");
    expect(shipped.text).toContain("Tracking number: X Y");
    expect(shipped.text).not.toMatch(/\r|\u2028/);
    expect(renderNotification("delivered", order({ id: "112-0000001-0000001\r\nBcc: x@example.com" })).subject).not.toMatch(/[\r\n]/);
  });

  it("shows `<b>` and `&amp;` in titles literally (plain text, nothing escaped or rendered)", () => {
    const { text } = renderNotification(
      "order_confirmed",
      order({ lines: [{ title: "<b>Bold</b> &amp; co", quantity: 1, unitPriceMinor: 100 }] }),
    );
    expect(text).toContain("1 x <b>Bold</b> &amp; co");
  });
});

describe("formatMoney", () => {
  it("uses the currency's own minor units", () => {
    expect(formatMoney(2548, "GBP")).toBe("£25.48");
    expect(formatMoney(1999, "EUR")).toBe("€19.99");
    expect(formatMoney(500, "JPY")).toBe("JP¥500");
  });

  it("still renders an unknown currency code", () => {
    expect(formatMoney(100, "XX1")).toBe("100 XX1 (minor units)");
  });
});
