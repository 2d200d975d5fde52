// Catalog through the Worker: seller ownership, optimistic concurrency, soft delete, category
// counters and the one-round-trip product page.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { LOW_STOCK_UNITS } from "../../workers/products/products";
import { createProduct } from "../helpers/catalog";
import { seedProduct } from "../helpers/stock";
import { type Account, api, authed, raw, register } from "../helpers/client";

const errorOf = async (res: { json(): Promise<unknown> }) =>
  ((await res.json()) as { error: { type: string; code: string; message: string } }).error;
const countOf = async (slug: string) =>
  (await env.DB.prepare("SELECT product_count AS n FROM categories WHERE slug = ?").bind(slug).first<{ n: number }>())!.n;

let seller: Account;
let otherSeller: Account;
let customer: Account;
let admin: Account;

beforeAll(async () => {
  [seller, otherSeller, customer] = await Promise.all([register("seller", "Lantern Co"), register("seller", "Rival Ltd"), register()]);
  // Admins are never self-registered: promote a fresh account directly in storage.
  admin = await register();
  await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?").bind(admin.userId).run();
  const login = await api().api.v1.auth.login.$post({ json: { email: admin.email, password: admin.password } });
  admin = { ...admin, token: (await login.json()).token };
});

describe("creating products", () => {
  it("lists a product for the seller, with a new ASIN-like id", async () => {
    const p = await createProduct(seller, { attributes: { colour: "white" }, image_urls: ["https://img.example/1.jpg"] });
    expect(p.product_id).toMatch(/^B0[0-9A-Z]{8}$/);
    expect(p).toMatchObject({ seller_id: seller.sellerId, price: 339, currency: "GBP", version: 1, attributes: { colour: "white" } });
  });

  it("refuses customers (403) and anonymous callers (401)", async () => {
    const asCustomer = await authed(customer).api.v1.products.$post({
      json: { title: "x", category: "books", price: 1, currency: "GBP" } as never,
    });
    expect(asCustomer.status).toBe(403);
    const anonymous = await api().api.v1.products.$post({ json: { title: "x", category: "books", price: 1, currency: "GBP" } as never });
    expect(anonymous.status).toBe(401);
  });

  it("refuses an unknown category with a clear 400", async () => {
    const res = await raw("POST", "/api/v1/products", {
      body: JSON.stringify({ title: "x", category: "no-such-thing", price: 100, currency: "GBP" }),
      headers: { Authorization: `Bearer ${seller.token}` },
    });
    expect(res.status).toBe(400);
    const e = await errorOf(res);
    expect(e.code).toBe("unknown_category");
    expect(e.message).toContain("no-such-thing");
  });

  it("keeps the category counter equal to a recount across create, move and delete", async () => {
    const recount = async (slug: string) =>
      (await env.DB.prepare("SELECT COUNT(*) AS n FROM products WHERE category = ? AND deleted_at IS NULL")
        .bind(slug)
        .first<{ n: number }>())!.n;
    const before = await countOf("books");
    const p = await createProduct(seller, { category: "books" });
    expect(await countOf("books")).toBe(before + 1);
    const moved = await authed(seller).api.v1.products[":id"].$patch({
      param: { id: p.product_id },
      json: { category: "toys-games", version: 1 },
    });
    expect(moved.status).toBe(200);
    expect(await countOf("books")).toBe(before);
    await authed(seller).api.v1.products[":id"].$delete({ param: { id: p.product_id } });
    for (const slug of ["books", "toys-games"]) expect(await countOf(slug)).toBe(await recount(slug));
  });
});

describe("editing products", () => {
  const patch = (who: Account, id: string, json: Record<string, unknown>, headers: Record<string, string> = {}) =>
    raw("PATCH", `/api/v1/products/${id}`, { body: JSON.stringify(json), headers: { Authorization: `Bearer ${who.token}`, ...headers } });

  it("lets the owner edit, bumping the version", async () => {
    const p = await createProduct(seller);
    const res = await patch(seller, p.product_id, { price: 499, version: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ price: 499, version: 2, title: p.title });
    expect(res.headers.get("ETag")).toBe('"2"');
  });

  it("forbids another seller (403) but allows an admin", async () => {
    const p = await createProduct(seller);
    const rival = await patch(otherSeller, p.product_id, { price: 1, version: 1 });
    expect(rival.status).toBe(403);
    expect((await errorOf(rival)).code).toBe("not_owner");
    const del = await raw("DELETE", `/api/v1/products/${p.product_id}`, { headers: { Authorization: `Bearer ${otherSeller.token}` } });
    expect(del.status).toBe(403);
    const byAdmin = await patch(admin, p.product_id, { title: "Moderated title", version: 1 });
    expect(byAdmin.status).toBe(200);
  });

  it("answers a stale version with 409 and changes nothing", async () => {
    const p = await createProduct(seller);
    expect((await patch(seller, p.product_id, { price: 600, version: 1 })).status).toBe(200);
    const stale = await patch(seller, p.product_id, { price: 700, version: 1 });
    expect(stale.status).toBe(409);
    expect((await errorOf(stale)).code).toBe("stale_version");
    const viaHeader = await patch(seller, p.product_id, { price: 700 }, { "If-Match": '"1"' });
    expect(viaHeader.status).toBe(409);
    const row = await env.DB.prepare("SELECT price_minor, version FROM products WHERE id = ?").bind(p.product_id).first();
    expect(row).toEqual({ price_minor: 600, version: 2 });
  });

  it("lets exactly one of two concurrent edits of the same version win", async () => {
    const p = await createProduct(seller);
    const results = await Promise.all([1, 2, 3, 4].map((i) => patch(seller, p.product_id, { price: 1000 + i, version: 1 })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    const row = await env.DB.prepare("SELECT version FROM products WHERE id = ?").bind(p.product_id).first<{ version: number }>();
    expect(row!.version).toBe(2);
  });

  it("requires a version so blind overwrites cannot happen", async () => {
    const p = await createProduct(seller);
    const res = await patch(seller, p.product_id, { price: 1 });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("version_required");
  });
});

describe("deleting products", () => {
  it("soft-deletes: the page is 404, the row stays for order history", async () => {
    const p = await createProduct(seller);
    const del = await authed(seller).api.v1.products[":id"].$delete({ param: { id: p.product_id } });
    expect(del.status).toBe(204);
    const page = await api().api.v1.products[":id"].$get({ param: { id: p.product_id } });
    expect(page.status).toBe(404);
    const row = await env.DB.prepare("SELECT deleted_at FROM products WHERE id = ?").bind(p.product_id).first<{ deleted_at: number }>();
    expect(row!.deleted_at).toBeGreaterThan(0);
    const again = await authed(seller).api.v1.products[":id"].$delete({ param: { id: p.product_id } });
    expect(again.status).toBe(404);
  });
});

describe("product page", () => {
  it("returns product, seller, rating summary and reviews in one shape", async () => {
    const p = await createProduct(seller, { prime_eligible: true });
    // Two reviews written straight to storage with fixed times (the reviews API has its own tests);
    // the rating summary follows them through the triggers of migration 0007.
    for (const [i, stars] of [
      [1, 5],
      [2, 3],
    ] as const) {
      const reviewer = await register("customer", `Reviewer ${i}`);
      await env.DB.prepare(
        "INSERT INTO reviews (id, product_id, customer_id, stars, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
        .bind(
          `rev_t${i}_${p.product_id}`,
          p.product_id,
          reviewer.userId,
          stars,
          `Review ${i}`,
          "<script>alert(1)</script>",
          1000 + i,
          1000 + i,
        )
        .run();
    }
    const res = await api().api.v1.products[":id"].$get({ param: { id: p.product_id } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      product: unknown;
      seller: unknown;
      rating: unknown;
      reviews: { items: { title: string; text: string }[]; next_page_token: string | null };
    };
    expect(body.product).toMatchObject({ product_id: p.product_id, prime_eligible: true });
    expect(body.seller).toEqual({ seller_id: seller.sellerId, display_name: "Lantern Co" });
    expect(body.rating).toEqual({ average: 4, count: 2, histogram: { "1": 0, "2": 0, "3": 1, "4": 0, "5": 1 } });
    expect(body.reviews.items.map((r: { title: string }) => r.title)).toEqual(["Review 2", "Review 1"]);
    expect(body.reviews.items[0]?.text).toBe("<script>alert(1)</script>");
    expect(body.reviews.items[0]).toMatchObject({
      product_id: p.product_id,
      author_name: "Reviewer 2.",
      seller_reply: null,
      verified_purchase: false,
    });
    expect(body.reviews.next_page_token).toBeNull();
  });

  it("says whether the product is in stock, with exact units only when low", async () => {
    const cases = [
      ["STOCKPAGE-NONE", undefined, { status: "unknown", available: null }],
      ["STOCKPAGE-ZERO", 0, { status: "out_of_stock", available: 0 }],
      ["STOCKPAGE-LOW", 3, { status: "low_stock", available: 3 }],
      ["STOCKPAGE-EDGE", LOW_STOCK_UNITS, { status: "low_stock", available: LOW_STOCK_UNITS }],
      ["STOCKPAGE-MANY", LOW_STOCK_UNITS + 1, { status: "in_stock", available: null }],
    ] as const;
    for (const [id, onHand, expected] of cases) {
      await seedProduct(id, onHand);
      const res = await api().api.v1.products[":id"].$get({ param: { id } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { stock: unknown }).stock, id).toEqual(expected);
    }
  });

  it("distinguishes a malformed id (400) from an unknown one (404)", async () => {
    expect((await raw("GET", "/api/v1/products/has%20space")).status).toBe(400);
    const unknown = await raw("GET", "/api/v1/products/B0NOSUCHXX");
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("product_not_found");
  });
});

describe("browsing", () => {
  it("pages through a category with a cursor, visiting every product exactly once", async () => {
    const mine = new Set<string>();
    for (let i = 0; i < 7; i++) mine.add((await createProduct(seller, { category: "bath-beauty" })).product_id);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await api().api.v1.products.$get({
        query: { category: "bath-beauty", limit: "3", ...(token ? { page_token: token } : {}) },
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { results: { product_id: string; category: string }[]; next_page_token: string | null };
      expect(page.results.length).toBeLessThanOrEqual(3);
      for (const r of page.results) expect(r.category).toBe("bath-beauty");
      seen.push(...page.results.map((r) => r.product_id));
      token = page.next_page_token ?? undefined;
    } while (token);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of mine) expect(seen).toContain(id);
  });

  it("rejects a tampered page token with 400", async () => {
    const res = await raw("GET", "/api/v1/products?page_token=not-a-token");
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_page_token");
  });

  it("lists categories with live counts", async () => {
    const res = await api().api.v1.categories.$get();
    const body = (await res.json()) as { categories: { slug: string; product_count: number }[] };
    const books = body.categories.find((c) => c.slug === "books");
    expect(books?.product_count).toBe(await countOf("books"));
  });
});
