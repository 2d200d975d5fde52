// Product search through the Worker on a small hand-made catalog: typo and partial-word
// matches, every filter and sort, facet counts equal to the filtered totals, pagination that
// visits every result once, signed page tokens, ranking by sales, rating and stock, and suggestions.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { raw } from "../helpers/client";

const SELLER_A = "sel_search_a";
const SELLER_B = "sel_search_b";

interface Seed { id: string; title: string; category: string; price: number; prime?: boolean; seller?: string; stars?: number[]; onHand?: number; sales?: number; created?: number }

const catalog: Seed[] = [
  { id: "s-lan-1", title: "White metal lantern", category: "candles-lighting", price: 1295, prime: true, stars: [5, 5, 4], onHand: 10, sales: 0.9, created: 1 },
  { id: "s-lan-2", title: "Antique silver lantern", category: "candles-lighting", price: 2495, stars: [3], onHand: 5, sales: 0.1, created: 2 },
  { id: "s-lan-3", title: "Garden solar lantern", category: "garden-outdoor", price: 799, prime: true, onHand: 0, created: 3 },
  { id: "s-cake-1", title: "Glass cake stand with dome", category: "kitchen-dining", price: 1999, stars: [4, 4], onHand: 3, created: 4 },
  { id: "s-cake-2", title: "Cake tin set", category: "kitchen-dining", price: 450, seller: SELLER_B, onHand: 8, created: 5 },
  { id: "s-mug-1", title: "Enamel camping mug", category: "sports-outdoors", price: 650, stars: [2, 1], onHand: 4, created: 6 },
  // Identical documents (equal text relevance) that differ only in their reviews; ids run the
  // other way, so the id tie-breaker alone would put them in reverse order.
  { id: "s-ket-a", title: "Copper kettle", category: "home-decor", price: 2500, stars: [1, 1, 2, 1, 1] },
  { id: "s-ket-b", title: "Copper kettle", category: "home-decor", price: 2500 },
  { id: "s-ket-c", title: "Copper kettle", category: "home-decor", price: 2500, stars: [5, 5, 4, 5, 5] },
  { id: "s-ket-d", title: "Copper kettle", category: "home-decor", price: 2500, stars: [5] },
  ...Array.from({ length: 23 }, (_, i) => ({ id: `s-can-${i}`, title: `Scented candle number ${i}`, category: "candles-lighting", price: 300 + i * 100, prime: i % 2 === 0, onHand: i, created: 10 + i })),
];

beforeAll(async () => {
  const now = Date.now();
  const db = env.DB;
  await db.batch([
    db.prepare(`INSERT OR IGNORE INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, 'A', ?), (?, NULL, 'B', ?)`).bind(SELLER_A, now, SELLER_B, now),
    ...catalog.map((p) =>
      db.prepare(`INSERT INTO products (id, seller_id, title, description, price_minor, currency, category, prime_eligible, created_at, updated_at) VALUES (?, ?, ?, '', ?, 'GBP', ?, ?, ?, ?)`)
        .bind(p.id, p.seller ?? SELLER_A, p.title, p.price, p.category, p.prime ? 1 : 0, p.created ?? 0, now),
    ),
    ...catalog.filter((p) => p.stars).map((p) => {
      const s = p.stars!;
      const n = (k: number) => s.filter((x) => x === k).length;
      return db.prepare(`INSERT INTO product_ratings (product_id, count, sum, s1, s2, s3, s4, s5) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).bind(p.id, s.length, s.reduce((a, b) => a + b, 0), n(1), n(2), n(3), n(4), n(5));
    }),
    ...catalog.filter((p) => p.onHand !== undefined).map((p) =>
      db.prepare(`INSERT INTO inventory_levels (product_id, on_hand, reserved, available, sold, version, updated_at) VALUES (?, ?, 0, ?, 0, 0, ?)`).bind(p.id, p.onHand, p.onHand, now),
    ),
    ...catalog.filter((p) => p.sales !== undefined).map((p) =>
      db.prepare(`INSERT INTO product_signals (product_id, sales_score, updated_at) VALUES (?, ?, ?)`).bind(p.id, p.sales, now),
    ),
  ]);
});

interface Body { results: { product_id: string; title: string; price: number; rating: number | null; prime_eligible: boolean; in_stock: boolean | null }[]; total_results: number; page: number; next_page_token: string | null; corrected_query: string | null; search_id: string; facets: { categories: { slug: string; count: number }[]; price: Record<string, number>; rating: Record<string, number>; prime: number } }

const get = async (query: Record<string, string | number | boolean>) => {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await raw("GET", `/api/v1/products/search?${qs}`);
  return { status: res.status, body: (await res.json()) as Body };
};
const ids = (b: Body) => b.results.map((r) => r.product_id);

describe("GET /api/v1/products/search", () => {
  it("finds products by word, stem and the design's response shape", async () => {
    const { status, body } = await get({ q: "lanterns" });
    expect(status).toBe(200);
    expect(ids(body).sort()).toEqual(["s-lan-1", "s-lan-2", "s-lan-3"]);
    expect(body.total_results).toBe(3);
    expect(body.search_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.results[0]).toMatchObject({ product_id: expect.any(String), title: expect.any(String), price: expect.any(Number), prime_eligible: expect.any(Boolean) });
  });

  it("tolerates typos and partial words", async () => {
    const typo = await get({ q: "lanturn" });
    expect(ids(typo.body)).toContain("s-lan-1");
    expect(typo.body.corrected_query).toBe("lantern");
    const partial = await get({ q: "cake st" });
    expect(ids(partial.body)[0]).toBe("s-cake-1");
    const inner = await get({ q: "ntern" });
    expect(ids(inner.body)).toEqual(expect.arrayContaining(["s-lan-1", "s-lan-2", "s-lan-3"]));
  });

  it("ranks a best seller above an equally relevant slow seller, and sinks what is out of stock", async () => {
    const { body } = await get({ q: "lantern" });
    const order = ids(body);
    expect(order.indexOf("s-lan-1")).toBeLessThan(order.indexOf("s-lan-2"));
    expect(order[order.length - 1]).toBe("s-lan-3"); // out of stock
  });

  it("ranks an equally relevant, well-rated product above a poorly rated one, by a Bayesian average", async () => {
    const { body } = await get({ q: "copper kettle" });
    // Five reviews averaging 4.8 beat one five-star review; no reviews sits at the prior (3.5).
    expect(ids(body)).toEqual(["s-ket-c", "s-ket-d", "s-ket-b", "s-ket-a"]);
  });

  it("applies every filter", async () => {
    const cases: [Record<string, string | number | boolean>, (r: Body["results"][number]) => boolean][] = [
      [{ category: "kitchen-dining" }, (r) => r.product_id.startsWith("s-cake")],
      [{ min_price: 500, max_price: 1000 }, (r) => r.price >= 500 && r.price <= 1000],
      [{ min_rating: 4 }, (r) => (r.rating ?? 0) >= 4],
      [{ prime: true }, (r) => r.prime_eligible],
      [{ in_stock: true }, (r) => r.in_stock === true],
      [{ seller: SELLER_B }, (r) => r.product_id === "s-cake-2"],
    ];
    for (const [filter, holds] of cases) {
      const { status, body } = await get({ ...filter, page_size: 50 });
      expect(status, JSON.stringify(filter)).toBe(200);
      expect(body.results.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(body.results.every(holds), JSON.stringify(filter)).toBe(true);
      const all = await get({ page_size: 50 });
      expect(body.total_results).toBe(all.body.results.filter(holds).length);
    }
  });

  it("computes facets over the whole match set, each equal to the total its filter gives", async () => {
    const { body } = await get({ q: "candle lantern", page_size: 5 });
    for (const c of body.facets.categories) expect((await get({ q: "candle lantern", category: c.slug })).body.total_results).toBe(c.count);
    expect((await get({ q: "candle lantern", min_price: 500, max_price: 999 })).body.total_results).toBe(body.facets.price["5_to_10"]);
    expect((await get({ q: "candle lantern", min_rating: 4 })).body.total_results).toBe(body.facets.rating["4"]);
    expect((await get({ q: "candle lantern", prime: true })).body.total_results).toBe(body.facets.prime);
    expect(body.facets.categories.reduce((n, c) => n + c.count, 0)).toBe(body.total_results);
  });

  it.each(["price_asc", "price_desc", "rating", "newest", "best_sellers", "relevance"])("sorts by %s, stably", async (sort) => {
    const { body } = await get({ q: "candle", sort, page_size: 50 });
    const prices = body.results.map((r) => r.price);
    if (sort === "price_asc") expect(prices).toEqual([...prices].sort((a, b) => a - b));
    if (sort === "price_desc") expect(prices).toEqual([...prices].sort((a, b) => b - a));
    if (sort === "newest") expect(ids(body)[0]).toBe("s-can-22");
    expect(ids((await get({ q: "candle", sort, page_size: 50 })).body)).toEqual(ids(body));
  });

  it("pages with signed tokens, visiting every result exactly once; an edited token is a 400", async () => {
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    let total = 0;
    do {
      const { body } = await get({ q: "scented candle", page_size: 5, ...(token ? { page_token: token } : {}) });
      seen.push(...ids(body));
      total = body.total_results;
      token = body.next_page_token;
      pages++;
    } while (token && pages < 20);
    expect(total).toBeGreaterThanOrEqual(23); // 23 scented candles, plus lanterns in candles-lighting
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    const first = await get({ q: "scented candle", page_size: 5 });
    const forged = first.body.next_page_token!.replace(/^\d+/, "15");
    expect((await get({ q: "scented candle", page_size: 5, page_token: forged })).status).toBe(400);
    expect((await get({ q: "other words", page_size: 5, page_token: first.body.next_page_token! })).status).toBe(400);
    expect(ids((await get({ q: "scented candle", page_size: 5, page: 2 })).body)).toEqual(ids((await get({ q: "scented candle", page_size: 5, page_token: first.body.next_page_token! })).body));
  });

  it("browses by category when q is empty", async () => {
    const { body } = await get({ q: "", category: "garden-outdoor" });
    expect(ids(body)).toEqual(["s-lan-3"]);
  });
});

describe("GET /api/v1/products/suggest", () => {
  it("suggests titles for a prefix", async () => {
    const res = await raw("GET", "/api/v1/products/suggest?q=lant");
    const body = (await res.json()) as { suggestions: { product_id: string }[] };
    expect(body.suggestions.map((s) => s.product_id)).toEqual(expect.arrayContaining(["s-lan-1", "s-lan-2", "s-lan-3"]));
    expect(body.suggestions[0]!.product_id).toBe("s-lan-1"); // the best seller first
  });
});

const NASTY = [
  '"', "'", '""', "\\", "*", "**", "-", "--", "+", "()", "(", ")", ":", "^", "NEAR", "NEAR(a b)", "a NEAR/2 b", "AND", "OR", "NOT",
  "lantern AND", "OR lantern", "NOT lantern", "lantern -white", "title:lantern", "{title}: x", "\"unterminated", "a\"b", "x*y", "^lantern",
  "🔥🕯️", "🏮 lantern", "\u0000", "\u202e lantern", "ｌａｎｔｅｒｎ", "ß", "İstanbul", "日本語", "مرحبا", "𝔩𝔞𝔫𝔱𝔢𝔯𝔫",
  "%", "%%", "_", "'; DROP TABLE products; --", "1' OR '1'='1", "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd", "   ", "\t\n",
  "a".repeat(999), "lantern ".repeat(120), "x y z w v u t s r q p o n", "1/2 in.", "3.5\"", "12x12", "0", "-1",
];

describe("adversarial queries", () => {
  it.each(NASTY.map((q, i) => [i, q]))("query #%i is answered without a 5xx", async (_i, q) => {
    const res = await raw("GET", `/api/v1/products/search?q=${encodeURIComponent(q as string)}`);
    expect(res.status).toBeLessThan(500);
    expect([200, 400]).toContain(res.status);
    const s = await raw("GET", `/api/v1/products/suggest?q=${encodeURIComponent((q as string).slice(0, 200))}`);
    expect(s.status).toBe(200);
  });

  it("answers a 10 kB query with a 400, not a 500", async () => {
    expect((await raw("GET", `/api/v1/products/search?q=${"a".repeat(10_240)}`)).status).toBe(400);
  });
});
