// The sign-in page's `next` rule: whatever the link says, the shopper stays on the shop's origin,
// and a good address keeps its path, query and hash.
import { describe, expect, it } from "vitest";
import { safeNext } from "../../../workers/storefront/lib/safe-next";

const ORIGIN = "https://shop.example";

describe("safeNext", () => {
  // What URLSearchParams hands the page after decoding `next` (e.g. %09 is a tab).
  const hostile = [
    "/\t/evil.example/x",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "//evil.example",
    "//evil.example/path?q=1#h",
    "///evil.example",
    "https://evil.example",
    "https://evil.example/signin?next=/",
    "http://shop.example",
    "https://shop.example:8443/x",
    "https://shop.example.evil.example/",
    "https://user@evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://evil.example",
    "http:evil.example",
    "http:\\\\evil.example",
  ];
  it.each(hostile)("%j goes home", (raw) => {
    expect(safeNext(raw, ORIGIN)).toBe("/");
  });

  it("every hostile variant would really have left the origin (the cases are honest)", () => {
    for (const raw of hostile) {
      let leaves: boolean;
      try {
        const u = new URL(raw, ORIGIN);
        leaves = u.origin !== ORIGIN;
      } catch {
        leaves = true;
      }
      expect(leaves, raw).toBe(true);
    }
  });

  it.each([
    ["/cart", "/cart"],
    ["/checkout", "/checkout"],
    ["/search?q=heart&page=2", "/search?q=heart&page=2"],
    ["/product?id=22423#reviews", "/product?id=22423#reviews"],
    ["/orders?x=1#top", "/orders?x=1#top"],
    ["https://shop.example/cart?x=1#y", "/cart?x=1#y"],
    ["/a/../cart", "/cart"],
  ])("%j stays on the site as %j", (raw, want) => {
    expect(safeNext(raw, ORIGIN)).toBe(want);
  });

  it("a still-encoded slash or backslash is a path on this site, not another host", () => {
    for (const raw of ["%2F%2Fevil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "%5C%5Cevil.example", "/%09/evil.example"]) {
      const next = safeNext(raw, ORIGIN);
      expect(next.startsWith("/"), raw).toBe(true);
      expect(new URL(next, ORIGIN).origin, raw).toBe(ORIGIN);
    }
  });

  it("nothing, or an empty value, goes home", () => {
    expect(safeNext(null, ORIGIN)).toBe("/");
    expect(safeNext(undefined, ORIGIN)).toBe("/");
    expect(safeNext("", ORIGIN)).toBe("/");
  });

  it("the result read back by the browser never leaves the origin (fuzzed separators)", () => {
    const parts = ["/", "\\", "\t", "\n", " ", "%2F", "%5C", "%09", "evil.example", "@", ":", "?", "#", "."];
    for (let i = 0; i < 2000; i++) {
      let raw = "";
      for (let k = 0; k < 1 + (i % 6); k++) raw += parts[(i * 7 + k * 13 + (i >> k)) % parts.length];
      const next = safeNext(raw, ORIGIN);
      expect(new URL(next, ORIGIN).origin, JSON.stringify(raw)).toBe(ORIGIN);
      expect(next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\"), JSON.stringify(raw)).toBe(true);
    }
  });
});
