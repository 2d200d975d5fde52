// Typo correction through the Worker, on a catalog where the misspelt word's neighbours compete:
// a frequent word one slip away ("candle") and a rarer, longer word the slip begins
// ("candelabra"). The corrected query is what the shopper meant, spelt as titles spell it.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { raw } from "../helpers/client";

const SELLER = "sel_typos";
const titles: [id: string, title: string][] = [
  ...Array.from({ length: 12 }, (_, i) => [`t-can-${i}`, `Scented candle in a tin no ${i}`] as [string, string]),
  ["t-hold-1", "Glass candle holder"],
  ["t-hold-2", "Hanging heart candle holder"],
  ["t-cdl-1", "Brass candelabra"],
  ["t-photo-1", "Photo frame"],
];

beforeAll(async () => {
  const now = Date.now();
  const db = env.DB;
  await db.batch([
    db.prepare(`INSERT OR IGNORE INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, 'T', ?)`).bind(SELLER, now),
    ...titles.map(([id, title]) =>
      db
        .prepare(
          `INSERT INTO products (id, seller_id, title, description, price_minor, currency, category, prime_eligible, created_at, updated_at) VALUES (?, ?, ?, '', 500, 'GBP', 'home-decor', 0, ?, ?)`,
        )
        .bind(id, SELLER, title, now, now),
    ),
  ]);
});

const search = async (q: string) => {
  const res = await raw("GET", `/api/v1/products/search?${new URLSearchParams({ q, page_size: "50" })}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { corrected_query: string | null; results: { product_id: string }[] };
  return { corrected: body.corrected_query, ids: body.results.map((r) => r.product_id) };
};

describe("typo correction", () => {
  it("reads 'candel holdr' as 'candle holder', not 'candelabra holder'", async () => {
    const { corrected, ids } = await search("candel holdr");
    expect(corrected).toBe("candle holder");
    expect(ids.slice(0, 2).sort()).toEqual(["t-hold-1", "t-hold-2"]);
    expect(ids).not.toContain("t-cdl-1");
  });

  it("corrects slips in the first two letters and spellings by ear", async () => {
    expect((await search("cnadle")).corrected).toBe("candle");
    expect((await search("kandle")).corrected).toBe("candle");
    expect((await search("foto frame")).corrected).toBe("photo frame");
  });

  it("still completes a partial word when no word is near", async () => {
    const { corrected, ids } = await search("candelab");
    expect(corrected).toBe("candelabra");
    expect(ids).toEqual(["t-cdl-1"]);
  });
});
