// The search input rules: tokens only (operators and quotes are text), the FTS5 strings built
// from them, edit distance, corrections, and tamper-evident page tokens. The misspelling table
// over the demo catalog is in misspellings.test.ts.
import { describe, expect, it } from "vitest";
import { readPageToken, signPageToken } from "../../../workers/search/cursor";
import {
  chooseCorrection,
  editDistance,
  ftsQuery,
  isCorrectable,
  parseQuery,
  suggestQuery,
  trigramQuery,
} from "../../../workers/search/query";

describe("parseQuery", () => {
  it("keeps letters and digits only, lower-cased, de-duplicated and capped", () => {
    expect(parseQuery(`Lantern AND "white" -metal (NEAR) *`).terms).toEqual(["lantern", "and", "white", "metal", "near"]);
    expect(parseQuery("ＬＡＮＴＥＲＮ").terms).toEqual(["lantern"]);
    expect(parseQuery("a b c d e f g h i j").terms).toHaveLength(8);
    expect(parseQuery("🔥 ' \" ()").terms).toEqual([]);
    expect(parseQuery(undefined).terms).toEqual([]);
  });

  it("also searches the digit and letter runs of a size (2x4 → 2, x, 4), never widening a size", () => {
    expect(parseQuery("stud 2x4").terms).toEqual(["stud", "2x4", "2", "x", "4"]);
    expect(parseQuery("pipe 6in").lastIsPrefix).toBe(false);
  });

  it("treats the last word as a prefix only while it is being typed", () => {
    expect(parseQuery("cake st").lastIsPrefix).toBe(true);
    expect(parseQuery("cake st ").lastIsPrefix).toBe(false);
  });
});

describe("FTS5 strings", () => {
  it("quotes every term, so no input can form FTS syntax", () => {
    expect(ftsQuery(parseQuery('lantern OR "xy'))).toBe('"lantern" OR "or" OR "xy"*');
    expect(ftsQuery(parseQuery("deck over"))).toBe('"deck" OR "over"'); // a whole last word is not widened
    expect(ftsQuery(parseQuery("pipe 12"))).toBe('"pipe" OR "12"');
    expect(ftsQuery(parseQuery("lantern x"))).toBe('"lantern" OR "x"'); // a one-letter tail is no prefix
    expect(ftsQuery(parseQuery("   "))).toBeNull();
    expect(suggestQuery(parseQuery("cake st"))).toBe('title : ("cake" AND "st"*)');
    expect(trigramQuery("lamp")).toBe('"lamp" OR "lam" OR "amp"');
    expect(trigramQuery("ab")).toBeNull();
  });
});

describe("corrections", () => {
  it("measures edits with adjacent swaps", () => {
    expect(editDistance("lanturn", "lantern")).toBe(1);
    expect(editDistance("lnatern", "lantern")).toBe(1);
    expect(editDistance("candels", "candl")).toBe(2);
    expect(editDistance("abc", "abcdefgh", 2)).toBe(3);
  });

  it("prefers the nearest word, then the more frequent; a word that sounds the same is nearer than one edit", () => {
    expect(
      chooseCorrection("lanturn", [
        { word: "lantern", freq: 3 },
        { word: "plant", freq: 90 },
      ]),
    ).toBe("lantern");
    expect(
      chooseCorrection("hlder", [
        { word: "hldr", freq: 1 },
        { word: "holder", freq: 107 },
      ]),
    ).toBe("holder");
    expect(chooseCorrection("zzzzzz", [{ word: "lantern", freq: 3 }])).toBeNull();
    expect(
      chooseCorrection("garge", [
        { word: "large", freq: 90 },
        { word: "garage", freq: 5 },
      ]),
    ).toBe("garage"); // same first letter
    expect(
      chooseCorrection("mugg", [
        { word: "mug", freq: 2 },
        { word: "mugs", freq: 5 },
      ]),
    ).toBe("mug"); // a doubled letter
    expect(
      chooseCorrection("kandle", [
        { word: "handle", freq: 50 },
        { word: "candle", freq: 10 },
      ]),
    ).toBe("candle");
    expect(
      chooseCorrection("lite", [
        { word: "life", freq: 3 },
        { word: "light", freq: 105 },
      ]),
    ).toBe("light");
    expect(
      chooseCorrection("glazee", [
        { word: "glass", freq: 165 },
        { word: "glaze", freq: 4 },
      ]),
    ).toBe("glaze");
  });

  it("takes one edit over a longer word the term begins; completes a word only when none is near, or while it is typed", () => {
    const words = [
      { word: "candelabra", freq: 50 },
      { word: "candle", freq: 10 },
    ];
    expect(chooseCorrection("candel", words)).toBe("candle");
    expect(chooseCorrection("candel", words, { partial: true })).toBe("candle");
    expect(chooseCorrection("candela", words)).toBe("candle"); // two edits
    expect(chooseCorrection("candela", words, { partial: true })).toBe("candelabra");
    expect(chooseCorrection("candelab", words)).toBe("candelabra"); // nothing near
    expect(chooseCorrection("ntern", [{ word: "lantern", freq: 3 }])).toBe("lantern"); // a word containing it
  });

  it("never corrects short tokens or tokens with digits (sizes, models)", () => {
    expect(["2x4", "20x24", "12in", "led", "abc"].map(isCorrectable)).toEqual([false, false, false, false, false]);
    expect(isCorrectable("lanturn")).toBe(true);
  });
});

describe("page tokens", () => {
  it("round-trips and refuses an edited token or another query's token", async () => {
    const t = await signPageToken("secret-secret-secret-secret-secret", "q1", 20);
    expect(await readPageToken("secret-secret-secret-secret-secret", "q1", t)).toBe(20);
    await expect(readPageToken("secret-secret-secret-secret-secret", "q1", t.replace(/^20/, "40"))).rejects.toThrow();
    await expect(readPageToken("secret-secret-secret-secret-secret", "q2", t)).rejects.toThrow();
    await expect(readPageToken("secret-secret-secret-secret-secret", "q1", "garbage")).rejects.toThrow();
  });
});
