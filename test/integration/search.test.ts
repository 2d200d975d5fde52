// Product search through the Worker on a small hand-made catalog: typo and partial-word
// matches, every filter and sort, facet counts equal to the filtered totals, pagination that
// visits every result once, signed page tokens, ranking by sales, rating and stock, and suggestions;
// and the hardening: reads through a D1 session, per-client rate limits, the summary (total,
// facets) shared by every page, a normalised query echo and a signed search id per response.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../workers/app";
import { MAX_QUERY_CHARS } from "../../workers/search/query";
import { checkSearchEvent } from "../../workers/search/search-id";
import { raw } from "../helpers/client";
import { sleep } from "../helpers/stock";

const SELLER_A = "sel_search_a";
const SELLER_B = "sel_search_b";

interface Seed {
  id: string;
  title: string;
  category: string;
  price: number;
  prime?: boolean;
  seller?: string;
  stars?: number[];
  onHand?: number;
  sales?: number;
  created?: number;
}

const catalog: Seed[] = [
  {
    id: "s-lan-1",
    title: "White metal lantern",
    category: "candles-lighting",
    price: 1295,
    prime: true,
    stars: [5, 5, 4],
    onHand: 10,
    sales: 0.9,
    created: 1,
  },
  {
    id: "s-lan-2",
    title: "Antique silver lantern",
    category: "candles-lighting",
    price: 2495,
    stars: [3],
    onHand: 5,
    sales: 0.1,
    created: 2,
  },
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
  ...Array.from({ length: 23 }, (_, i) => ({
    id: `s-can-${i}`,
    title: `Scented candle number ${i}`,
    category: "candles-lighting",
    price: 300 + i * 100,
    prime: i % 2 === 0,
    onHand: i,
    created: 10 + i,
  })),
];

beforeAll(async () => {
  const now = Date.now();
  const db = env.DB;
  await db.batch([
    db
      .prepare(`INSERT OR IGNORE INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, 'A', ?), (?, NULL, 'B', ?)`)
      .bind(SELLER_A, now, SELLER_B, now),
    ...catalog.map((p) =>
      db
        .prepare(
          `INSERT INTO products (id, seller_id, title, description, price_minor, currency, category, prime_eligible, created_at, updated_at) VALUES (?, ?, ?, '', ?, 'GBP', ?, ?, ?, ?)`,
        )
        .bind(p.id, p.seller ?? SELLER_A, p.title, p.price, p.category, p.prime ? 1 : 0, p.created ?? 0, now),
    ),
    ...catalog
      .filter((p) => p.stars)
      .map((p) => {
        const s = p.stars!;
        const n = (k: number) => s.filter((x) => x === k).length;
        return db.prepare(`INSERT INTO product_ratings (product_id, count, sum, s1, s2, s3, s4, s5) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).bind(
          p.id,
          s.length,
          s.reduce((a, b) => a + b, 0),
          n(1),
          n(2),
          n(3),
          n(4),
          n(5),
        );
      }),
    ...catalog
      .filter((p) => p.onHand !== undefined)
      .map((p) =>
        db
          .prepare(
            `INSERT INTO inventory_levels (product_id, on_hand, reserved, available, sold, version, updated_at) VALUES (?, ?, 0, ?, 0, 0, ?)`,
          )
          .bind(p.id, p.onHand, p.onHand, now),
      ),
    ...catalog
      .filter((p) => p.sales !== undefined)
      .map((p) =>
        db.prepare(`INSERT INTO product_signals (product_id, sales_score, updated_at) VALUES (?, ?, ?)`).bind(p.id, p.sales, now),
      ),
  ]);
});

interface Body {
  results: { product_id: string; title: string; price: number; rating: number | null; prime_eligible: boolean; in_stock: boolean | null }[];
  total_results: number;
  page: number;
  next_page_token: string | null;
  corrected_query: string | null;
  search_id: string;
  facets: { categories: { slug: string; count: number }[]; price: Record<string, number>; rating: Record<string, number>; prime: number };
}

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
    expect(body.search_id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(body.results[0]).toMatchObject({
      product_id: expect.any(String),
      title: expect.any(String),
      price: expect.any(Number),
      prime_eligible: expect.any(Boolean),
    });
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
    expect(ids((await get({ q: "scented candle", page_size: 5, page: 2 })).body)).toEqual(
      ids((await get({ q: "scented candle", page_size: 5, page_token: first.body.next_page_token! })).body),
    );
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

/** The app over a copied env: DB replaced by a wrapper, or a fake limiter. */
const appWith =
  (overrides: Partial<Record<"DB" | "SEARCH_RATE_LIMITER" | "SUGGEST_RATE_LIMITER", unknown>>) =>
  (path: string, ip = "203.0.113.20") =>
    createApp().request(
      path,
      { headers: { "CF-Connecting-IP": ip } },
      { ...env, ...overrides } as unknown as Cloudflare.Env,
      createExecutionContext(),
    );

/** A DB whose primary refuses every query, and whose sessions (replica reads) log their SQL. */
const sessionOnlyDb = () => {
  const sessions: string[] = [];
  const sql: string[] = [];
  const refuse = () => {
    throw new Error("search read the primary");
  };
  const db = {
    prepare: refuse,
    batch: refuse,
    exec: refuse,
    withSession: (constraint: string) => {
      sessions.push(constraint);
      const session = env.DB.withSession(constraint as D1SessionConstraint);
      return {
        prepare: (q: string) => {
          sql.push(q);
          return session.prepare(q);
        },
        batch: (st: D1PreparedStatement[]) => session.batch(st),
        getBookmark: () => session.getBookmark(),
      };
    },
  };
  return { db, sessions, sql };
};

describe("search hardening", () => {
  it("reads search and suggestions through a D1 session (any replica), never the primary", async () => {
    const { db, sessions } = sessionOnlyDb();
    const send = appWith({ DB: db });
    const res = await send(`/api/v1/products/search?q=kettle&page_size=7`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Body).results).toHaveLength(4);
    expect((await send(`/api/v1/products/suggest?q=copp&limit=3`)).status).toBe(200);
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.every((c) => c === "first-unconstrained")).toBe(true);
  });

  it("counts the total and facets once for all pages and sorts of a search (cached apart from the pages)", async () => {
    const { db, sql } = sessionOnlyDb();
    const send = appWith({ DB: db });
    const facetQueries = () => sql.filter((q) => q.includes("GROUP BY p.category")).length;
    const first = (await (await send(`/api/v1/products/search?q=&min_price=1&page_size=9`)).json()) as Body;
    expect(facetQueries()).toBe(1);
    const second = (await (await send(`/api/v1/products/search?q=&min_price=1&page_size=9&page=2&sort=price_asc`)).json()) as Body;
    const third = (await (await send(`/api/v1/products/search?q=&min_price=1&page_size=8&sort=newest`)).json()) as Body;
    expect(facetQueries()).toBe(1); // pages 2 and another sort and size ran the page query only
    expect(second.results).toHaveLength(9);
    expect(third.results).toHaveLength(8);
    for (const b of [second, third]) {
      expect(b.total_results).toBe(first.total_results);
      expect(b.facets).toEqual(first.facets);
    }
    // A filter is another summary.
    await send(`/api/v1/products/search?q=&min_price=1&page_size=9&prime=true`);
    expect(facetQueries()).toBe(2);
  });

  it("echoes the normalised query from a cached answer, with a search id minted for each response", async () => {
    const first = await raw("GET", `/api/v1/products/search?q=${encodeURIComponent("  COPPER,  Kettle")}&page_size=3`);
    const second = await raw("GET", `/api/v1/products/search?q=${encodeURIComponent("copper kettle")}&page_size=3`);
    expect(second.headers.get("X-Cache")).toBe("HIT");
    const [a, b] = [(await first.json()) as Body & { query: string }, (await second.json()) as Body & { query: string }];
    expect(a.query).toBe("copper kettle");
    expect(b.query).toBe("copper kettle");
    expect(b.results).toEqual(a.results);
    expect(a.search_id).not.toBe(b.search_id);
    for (const body of [a, b]) {
      for (const [i, r] of body.results.entries())
        expect((await checkSearchEvent(env.JWT_SECRET, body.search_id, r.product_id, i + 1, Date.now())).ok).toBe(true);
    }
  });

  it("answers every search privately and in full, never a 304: no stored copy can replay an old or shared search id", async () => {
    const url = `/api/v1/products/search?q=${encodeURIComponent("copper kettle")}&page_size=3`;
    const first = await raw("GET", url);
    expect(first.headers.get("Cache-Control")).toBe("private, no-store");
    expect(first.headers.get("ETag")).toBeNull();
    const again = await raw("GET", url, { headers: { "If-None-Match": "*" } });
    expect(again.status).toBe(200);
    expect(again.headers.get("X-Cache")).toBe("HIT");
    const [a, b] = [(await first.json()) as Body, (await again.json()) as Body];
    expect(b.search_id).not.toBe(a.search_id);
  });

  it("serves a longest query whose characters NFKC expands many times over (a bounded cache key)", async () => {
    const q = "\uFDFA".repeat(MAX_QUERY_CHARS);
    const res = await raw("GET", `/api/v1/products/search?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    const again = await raw("GET", `/api/v1/products/search?q=${encodeURIComponent(q)}`);
    expect(again.headers.get("X-Cache")).toBe("HIT");
  });

  it("keys the search and suggest limits by client address and answers 429 with Retry-After", async () => {
    const keys: string[] = [];
    const refuse = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success: false };
      },
    };
    const send = appWith({ SEARCH_RATE_LIMITER: refuse, SUGGEST_RATE_LIMITER: refuse });
    for (const path of ["/api/v1/products/search?q=lantern", "/api/v1/products/suggest?q=lan"]) {
      const res = await send(path, "2001:db8:77:1::5");
      expect(res.status).toBe(429);
      expect(res.headers.get("Retry-After")).toBe("60");
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("too_many_requests");
    }
    expect(keys).toEqual(["search:2001:db8:77:1::/64", "suggest:2001:db8:77:1::/64"]);
  });

  it("lets 120 searches a minute through from one address, cached or not, then 429", { timeout: 30_000 }, async () => {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await sleep(60_000 - intoMinute + 50);
    const headers = { "CF-Connecting-IP": "192.0.2.120" };
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++)
      statuses.push((await raw("GET", `/api/v1/products/search?q=candle&page_size=${(i % 3) + 1}`, { headers })).status);
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(statuses[120]).toBe(429);
    expect((await raw("GET", "/api/v1/products/search?q=candle&page_size=1")).status).toBe(200);
  });
});

const NASTY = [
  '"',
  "'",
  '""',
  "\\",
  "*",
  "**",
  "-",
  "--",
  "+",
  "()",
  "(",
  ")",
  ":",
  "^",
  "NEAR",
  "NEAR(a b)",
  "a NEAR/2 b",
  "AND",
  "OR",
  "NOT",
  "lantern AND",
  "OR lantern",
  "NOT lantern",
  "lantern -white",
  "title:lantern",
  "{title}: x",
  '"unterminated',
  'a"b',
  "x*y",
  "^lantern",
  "🔥🕯️",
  "🏮 lantern",
  "\u0000",
  "\u202e lantern",
  "ｌａｎｔｅｒｎ",
  "ß",
  "İstanbul",
  "日本語",
  "مرحبا",
  "𝔩𝔞𝔫𝔱𝔢𝔯𝔫",
  "%",
  "%%",
  "_",
  "'; DROP TABLE products; --",
  "1' OR '1'='1",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style payload, literally
  "${jndi:ldap://x}",
  "../../etc/passwd",
  "   ",
  "\t\n",
  "a".repeat(999),
  "lantern ".repeat(120),
  "x y z w v u t s r q p o n",
  "1/2 in.",
  '3.5"',
  "12x12",
  "0",
  "-1",
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
