import { describe, expect, it } from "vitest";
import { expectedVersion, ratingSummary } from "../../workers/products/products";
import { etagMatches } from "../../workers/shared/edge-cache";
import { DomainError } from "../../workers/shared/errors";
import { newProductId, PRODUCT_ID_PATTERN } from "../../workers/shared/ids";
import { decodePageToken, encodePageToken } from "../../workers/shared/page-token";

describe("page tokens", () => {
  it("round-trips a cursor, including non-ASCII values", () => {
    const t = encodePageToken({ after: "Ünïcode-85123A", n: 3 });
    expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(t, { after: "string", n: "number" })).toEqual({ after: "Ünïcode-85123A", n: 3 });
  });

  it("rejects garbage, non-JSON and wrongly shaped tokens with invalid_page_token", () => {
    for (const t of ["", "%%%", btoa("not json"), encodePageToken({ after: 5 }), btoa("[1,2]"), btoa("null")]) {
      expect(() => decodePageToken(t, { after: "string" }), t).toThrowError(DomainError);
    }
  });
});

describe("versions for optimistic concurrency", () => {
  it("reads If-Match or the body, and insists they agree", () => {
    expect(expectedVersion('"4"', undefined)).toBe(4);
    expect(expectedVersion('W/"4"', 4)).toBe(4);
    expect(expectedVersion(undefined, 7)).toBe(7);
    expect(() => expectedVersion('"4"', 5)).toThrowError(/disagree/);
    expect(() => expectedVersion(undefined, undefined)).toThrowError(/version/);
    expect(() => expectedVersion('"abc"', undefined)).toThrowError(/If-Match/);
  });
});

describe("rating summary", () => {
  it("averages to two decimals and is null without ratings", () => {
    expect(ratingSummary(undefined)).toMatchObject({ average: null, count: 0 });
    expect(ratingSummary({ count: 3, sum: 13, s1: 0, s2: 0, s3: 0, s4: 2, s5: 1 }).average).toBe(4.33);
  });
});

describe("ETag matching", () => {
  it("compares weakly and understands lists and *", () => {
    expect(etagMatches('"a"', '"a"')).toBe(true);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('"b", "a"', '"a"')).toBe(true);
    expect(etagMatches("*", '"a"')).toBe(true);
    expect(etagMatches('"b"', '"a"')).toBe(false);
    expect(etagMatches(undefined, '"a"')).toBe(false);
  });
});

describe("ids", () => {
  it("makes 10-character ASIN-like product ids that the path pattern accepts", () => {
    const ids = new Set(Array.from({ length: 200 }, newProductId));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^B0[0-9A-Z]{8}$/);
      expect(PRODUCT_ID_PATTERN.test(id)).toBe(true);
    }
    expect(PRODUCT_ID_PATTERN.test("85123A")).toBe(true);
    expect(PRODUCT_ID_PATTERN.test("../etc")).toBe(false);
  });
});
