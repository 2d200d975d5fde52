// Signed search ids (workers/search/search-id.ts): an id vouches for exactly the products, at
// exactly the positions, of the response it was minted for, for a day; any edit breaks it.
import { describe, expect, it } from "vitest";
import { checkSearchEvent, MAX_SEARCH_ID_CHARS, mintSearchId, SEARCH_ID_TTL_MS } from "../../../workers/search/search-id";

const SECRET = "unit-test-secret-0123456789abcdef-0123456789";
const NOW = Date.UTC(2026, 5, 1, 12);
const IDS = ["85123A", "71053", "84406B"];

describe("search ids", () => {
  it("vouch for each shown product at its position (page offset included)", async () => {
    const id = await mintSearchId(SECRET, NOW, 20, IDS);
    for (const [i, p] of IDS.entries())
      expect(await checkSearchEvent(SECRET, id, p, 21 + i, NOW + 1000)).toMatchObject({ ok: true, slot: i });
  });

  it("refuse a product not shown, a shown product at another position, and positions off the page", async () => {
    const id = await mintSearchId(SECRET, NOW, 20, IDS);
    expect(await checkSearchEvent(SECRET, id, "22423", 21, NOW)).toEqual({ ok: false, reason: "not_shown" });
    expect(await checkSearchEvent(SECRET, id, "71053", 21, NOW)).toEqual({ ok: false, reason: "not_shown" });
    expect(await checkSearchEvent(SECRET, id, "85123A", 1, NOW)).toEqual({ ok: false, reason: "not_shown" });
    expect(await checkSearchEvent(SECRET, id, "85123A", 24, NOW)).toEqual({ ok: false, reason: "not_shown" });
  });

  it("are different for every response, even with the same results", async () => {
    expect(await mintSearchId(SECRET, NOW, 0, IDS)).not.toBe(await mintSearchId(SECRET, NOW, 0, IDS));
  });

  it("break when any character is changed, or under another secret", async () => {
    const id = await mintSearchId(SECRET, NOW, 0, IDS);
    for (let i = 0; i < id.length; i++) {
      const edited = id.slice(0, i) + (id[i] === "A" ? "B" : "A") + id.slice(i + 1);
      const results = await Promise.all(IDS.map((p, j) => checkSearchEvent(SECRET, edited, p, j + 1, NOW)));
      expect(
        results.every((r) => r.ok),
        `character ${i}`,
      ).toBe(false);
    }
    expect((await checkSearchEvent("another-secret-0123456789abcdef-0123", id, IDS[0]!, 1, NOW)).ok).toBe(false);
  });

  it("expire after a day (and are not taken from the future)", async () => {
    const id = await mintSearchId(SECRET, NOW, 0, IDS);
    expect((await checkSearchEvent(SECRET, id, IDS[0]!, 1, NOW + SEARCH_ID_TTL_MS - 1000)).ok).toBe(true);
    expect(await checkSearchEvent(SECRET, id, IDS[0]!, 1, NOW + SEARCH_ID_TTL_MS + 1000)).toEqual({ ok: false, reason: "expired" });
    expect(await checkSearchEvent(SECRET, id, IDS[0]!, 1, NOW - 3_600_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse garbage, and fit a full page of 50 in MAX_SEARCH_ID_CHARS", async () => {
    for (const junk of ["", "abc", "!!!!", crypto.randomUUID(), "A".repeat(400)])
      expect((await checkSearchEvent(SECRET, junk, "85123A", 1, NOW)).ok).toBe(false);
    expect((await mintSearchId(SECRET, NOW, 950, Array(50).fill("X".repeat(32)))).length).toBe(MAX_SEARCH_ID_CHARS);
  });
});
