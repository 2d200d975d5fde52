// Card-save counting rules and what a shopper is told of a decline (pure).
import { describe, expect, it } from "vitest";
import { CARD_SAVES, outcomeOf, saveRetryAfterSeconds } from "../../../workers/payments/card-saves";
import { SAVE_DECLINES } from "../../../workers/payments/cards";
import { isDecline, shopperReason } from "../../../workers/payments/declines";
import type { GatewayError } from "../../../workers/payments/gateway";

const err = (code: GatewayError["code"]): GatewayError => ({ code, message: "", retryable: false });

describe("card-save attempts", () => {
  it("counts declines and invalid cards, but not attempts the gateway never answered", () => {
    expect(outcomeOf(err("card_declined"))).toBe("declined");
    expect(outcomeOf(err("insufficient_funds"))).toBe("declined");
    expect(outcomeOf(err("invalid_card"))).toBe("invalid");
    expect(outcomeOf(err("expired_card"))).toBe("invalid");
    expect(outcomeOf(err("gateway_error"))).toBe("unavailable");
    expect(outcomeOf(err("timeout"))).toBe("unavailable");
  });

  it("waits until the oldest counted attempt leaves the 24-hour window", () => {
    const now = 1_700_000_000_000;
    expect(saveRetryAfterSeconds(now - 3_600_000, now)).toBe(CARD_SAVES.windowMs / 1000 - 3600);
    expect(saveRetryAfterSeconds(now - CARD_SAVES.windowMs + 10, now)).toBe(1);
  });
});

describe("what a shopper is told of a decline", () => {
  it("turns every issuer decline into card_declined and leaves other reasons alone", () => {
    for (const code of ["card_declined", "insufficient_funds", "expired_card", ...SAVE_DECLINES]) {
      expect(isDecline(code), code).toBe(true);
      expect(shopperReason(code)).toBe("card_declined");
    }
    for (const reason of ["insufficient_stock", "payment_timeout", "cancelled_by_customer", "invalid_card"])
      expect(shopperReason(reason)).toBe(reason);
    expect(shopperReason(null)).toBeNull();
  });
});
