// The pure address rules (workers/addresses/addresses.ts): countries, postal codes per country,
// their normalised form, and the characters refused.
import { describe, expect, it } from "vitest";
import { hasControlChars, isCountryCode, normalisePostalCode, postalCodeProblem } from "../../workers/addresses/addresses";

describe("isCountryCode", () => {
  it("accepts assigned ISO 3166-1 alpha-2 codes only (upper case)", () => {
    for (const c of ["GB", "US", "DE", "JP", "CW", "SS", "AX"]) expect(isCountryCode(c), c).toBe(true);
    for (const c of ["UK", "EU", "XK", "ZZ", "gb", "GBR", ""]) expect(isCountryCode(c), c).toBe(false);
  });
});

describe("postalCodeProblem", () => {
  it("checks the formats it knows", () => {
    const ok: [string, string][] = [
      ["GB", "SW1A 1AA"],
      ["GB", "m1 1ae"],
      ["GB", "EC1A1BB"],
      ["US", "94103"],
      ["US", "94103-1234"],
      ["CA", "K1A 0B1"],
      ["DE", "10115"],
      ["FR", "75001"],
      ["NL", "1012 AB"],
      ["AU", "2000"],
    ];
    const bad: [string, string][] = [
      ["GB", "12345"],
      ["GB", "SW1A"],
      ["US", "9410"],
      ["US", "ABCDE"],
      ["CA", "123 456"],
      ["DE", "1011"],
      ["NL", "AB 1012"],
    ];
    for (const [country, code] of ok) expect(postalCodeProblem(country, code), `${country} ${code}`).toBeNull();
    for (const [country, code] of bad) expect(postalCodeProblem(country, code), `${country} ${code}`).toMatch(/postal code/);
  });

  it("elsewhere accepts 2-12 letters, digits, spaces or dashes", () => {
    for (const code of ["100-0001", "SE-123 45", "AB", "123456789012"]) expect(postalCodeProblem("JP", code), code).toBeNull();
    for (const code of ["1", "1234567890123", "12_34", "-123", "12/34", "ü123"]) expect(postalCodeProblem("JP", code), code).not.toBeNull();
  });
});

describe("normalisePostalCode", () => {
  it("upper-cases, collapses spaces and spaces the inward part where the format has one", () => {
    expect(normalisePostalCode("GB", "sw1a1aa")).toBe("SW1A 1AA");
    expect(normalisePostalCode("GB", " m1   1ae ")).toBe("M1 1AE");
    expect(normalisePostalCode("CA", "k1a0b1")).toBe("K1A 0B1");
    expect(normalisePostalCode("NL", "1012ab")).toBe("1012 AB");
    expect(normalisePostalCode("US", "94103-1234")).toBe("94103-1234");
    expect(normalisePostalCode("SE", "se-123  45")).toBe("SE-123 45");
  });
});

describe("hasControlChars", () => {
  it("finds C0/C1 controls, DEL, line separators and bidi overrides", () => {
    for (const s of ["a\u0000b", "a\nb", "a\tb", "a\u007fb", "a\u0085b", "a\u2028b", "a\u202eb", "a\u2066b"])
      expect(hasControlChars(s), JSON.stringify(s)).toBe(true);
    for (const s of ["1 High Street", "Zürich", "東京都", "O'Brien-Smith, Flat #2"]) expect(hasControlChars(s), s).toBe(false);
  });
});
