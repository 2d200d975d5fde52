// Card rules of the sandbox gateway: Luhn, brands, security codes, expiry boundaries and the
// test-card table (every entry a valid card of its stated brand).
import { describe, expect, it } from "vitest";
import {
  behaviourOf,
  brandOf,
  checkCard,
  cvcValid,
  isExpired,
  luhnValid,
  normaliseNumber,
  TEST_CARDS,
} from "../../../workers/payments/cards";

/** Appends the Luhn check digit to `body`, so tests can make valid numbers of any prefix. */
const withCheckDigit = (body: string): string => {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error("unreachable");
};
const flipLast = (n: string) => n.slice(0, -1) + ((Number(n.at(-1)) + 1) % 10);

describe("normaliseNumber", () => {
  it("strips the spaces and dashes people group digits with", () => {
    expect(normaliseNumber("4242 4242-4242 4242")).toBe("4242424242424242");
    expect(normaliseNumber(" 4242\t4242 ")).toBe("42424242");
  });
});

describe("luhnValid", () => {
  it("accepts numbers whose checksum holds and refuses a single changed digit", () => {
    for (const { number } of TEST_CARDS) {
      expect(luhnValid(number), number).toBe(true);
      expect(luhnValid(flipLast(number)), flipLast(number)).toBe(false);
    }
    expect(luhnValid("79927398713")).toBe(true); // the textbook example
    expect(luhnValid("79927398710")).toBe(false);
  });

  it("refuses anything that is not all digits", () => {
    for (const bad of ["", "4242 4242 4242 4242", "42424242424242a2", "-4242424242424242"]) expect(luhnValid(bad), bad).toBe(false);
  });
});

describe("brandOf", () => {
  it("names the network by its issuer prefix", () => {
    const cases: [string, string][] = [
      ["4111111111111111", "visa"],
      ["5105105105105100", "mastercard"],
      ["2221000000000009", "mastercard"],
      ["2720990000000000", "mastercard"],
      ["378282246310005", "amex"],
      ["341111111111111", "amex"],
      ["6011111111111117", "discover"],
      ["6500000000000002", "discover"],
      ["6440000000000000", "discover"],
      ["6221260000000000", "discover"],
      ["3530111333300000", "other"],
      ["2720999999999999", "mastercard"],
      ["2721000000000000", "other"],
      ["5000000000000000", "other"],
      ["6221250000000000", "other"],
    ];
    for (const [n, brand] of cases) expect(brandOf(n), n).toBe(brand);
  });
});

describe("cvcValid", () => {
  it("wants 4 digits for amex and 3 for every other brand", () => {
    expect(cvcValid("1234", "amex")).toBe(true);
    expect(cvcValid("123", "amex")).toBe(false);
    for (const brand of ["visa", "mastercard", "discover", "other"] as const) {
      expect(cvcValid("123", brand)).toBe(true);
      expect(cvcValid("1234", brand)).toBe(false);
      expect(cvcValid("12a", brand)).toBe(false);
    }
  });
});

describe("isExpired", () => {
  it("keeps a card valid through the last millisecond of its expiry month, UTC", () => {
    const lastMoment = Date.UTC(2027, 2, 1) - 1; // 2027-02-28T23:59:59.999Z
    expect(isExpired(2, 2027, lastMoment)).toBe(false);
    expect(isExpired(2, 2027, lastMoment + 1)).toBe(true);
    expect(isExpired(2, 2027, Date.UTC(2027, 1, 1))).toBe(false);
  });

  it("rolls December over into January of the next year", () => {
    expect(isExpired(12, 2026, Date.UTC(2026, 11, 31, 23, 59, 59, 999))).toBe(false);
    expect(isExpired(12, 2026, Date.UTC(2027, 0, 1))).toBe(true);
  });
});

describe("checkCard", () => {
  const now = Date.UTC(2026, 5, 15);
  const good = { number: "4242 4242 4242 4242", expMonth: 6, expYear: 2026, cvc: "123" };

  it("answers brand, last 4 and behaviour for a valid card, and never the number", () => {
    const r = checkCard(good, now);
    expect(r).toEqual({ ok: true, brand: "visa", last4: "4242", behaviour: "succeed" });
    expect(JSON.stringify(r)).not.toContain("4242424242424242");
  });

  it("refuses a bad checksum, wrong length or wrong CVC as invalid_card", () => {
    const bad = [
      { ...good, number: flipLast("4242424242424242") },
      { ...good, number: "42424242424" },
      { ...good, number: withCheckDigit("4".repeat(19)) },
      { ...good, cvc: "1234" },
      { ...good, number: "378282246310005", cvc: "123" },
      { ...good, expMonth: 13 },
      { ...good, expMonth: 0 },
    ];
    for (const card of bad) expect(checkCard(card, now), JSON.stringify(card)).toMatchObject({ ok: false, code: "invalid_card" });
    expect(checkCard({ ...good, number: withCheckDigit("4".repeat(18)) }, now).ok).toBe(true);
    expect(checkCard({ ...good, number: withCheckDigit("4".repeat(11)) }, now).ok).toBe(true);
  });

  it("refuses a card past its expiry month as expired_card", () => {
    expect(checkCard({ ...good, expMonth: 5 }, now)).toMatchObject({ ok: false, code: "expired_card" });
    expect(checkCard({ ...good, expYear: 2025, expMonth: 12 }, now)).toMatchObject({ ok: false, code: "expired_card" });
  });

  it("accepts amex with a 4-digit code", () => {
    expect(checkCard({ ...good, number: "3782 822463 10005", cvc: "1234" }, now)).toMatchObject({ ok: true, brand: "amex", last4: "0005" });
  });
});

describe("TEST_CARDS", () => {
  it("lists valid cards of their stated brand, one behaviour per number", () => {
    expect(new Set(TEST_CARDS.map((c) => c.number)).size).toBe(TEST_CARDS.length);
    for (const c of TEST_CARDS) {
      expect(brandOf(c.number), c.number).toBe(c.brand);
      expect(behaviourOf(c.number)).toBe(c.behaviour);
      expect(checkCard({ number: c.number, expMonth: 12, expYear: 2099, cvc: "123" }, Date.UTC(2026, 0, 1))).toMatchObject({
        ok: true,
        behaviour: c.behaviour,
      });
    }
  });

  it("covers success, each decline (at authorisation and at saving), the processing error and the timeout", () => {
    expect(new Set(TEST_CARDS.map((c) => c.behaviour))).toEqual(
      new Set([
        "succeed",
        "card_declined",
        "insufficient_funds",
        "expired_card",
        "processing_error",
        "timeout",
        "incorrect_cvc",
        "stolen_card",
      ]),
    );
  });

  it("lets any other valid number succeed", () => {
    expect(behaviourOf(withCheckDigit("411111111111111"))).toBe("succeed");
  });
});
