// Edge caching of catalog reads: ETag and 304, cache hits, and freshness after a seller's edit.
import { beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "../helpers/catalog";
import { type Account, raw, register } from "../helpers/client";

let seller: Account;
beforeAll(async () => {
  seller = await register("seller", "Cache Co");
});

const get = (path: string, headers: Record<string, string> = {}) => raw("GET", path, { headers });

describe("product page caching", () => {
  it("serves the second read from the edge cache with the same ETag", async () => {
    const p = await createProduct(seller);
    const first = await get(`/api/v1/products/${p.product_id}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("X-Cache")).toBe("MISS");
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get("Cache-Control")).toMatch(/public, max-age=0, s-maxage=\d+/);
    const second = await get(`/api/v1/products/${p.product_id}`);
    expect(second.headers.get("X-Cache")).toBe("HIT");
    expect(second.headers.get("ETag")).toBe(etag);
    expect(await second.json()).toEqual(await first.json());
  });

  it("answers If-None-Match with 304 and no body, also for weak and listed tags", async () => {
    const p = await createProduct(seller);
    const etag = (await get(`/api/v1/products/${p.product_id}`)).headers.get("ETag")!;
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const res = await get(`/api/v1/products/${p.product_id}`, { "If-None-Match": inm });
      expect(res.status, inm).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("ETag")).toBe(etag);
    }
    const other = await get(`/api/v1/products/${p.product_id}`, { "If-None-Match": '"something-else"' });
    expect(other.status).toBe(200);
  });

  it("shows a seller's update on the next read, with a new ETag", async () => {
    const p = await createProduct(seller, { price: 100 });
    const before = await get(`/api/v1/products/${p.product_id}`);
    const oldTag = before.headers.get("ETag")!;
    await get(`/api/v1/products/${p.product_id}`); // now cached
    const patch = await raw("PATCH", `/api/v1/products/${p.product_id}`, {
      body: JSON.stringify({ price: 250, version: 1 }),
      headers: { Authorization: `Bearer ${seller.token}` },
    });
    expect(patch.status).toBe(200);
    const after = await get(`/api/v1/products/${p.product_id}`, { "If-None-Match": oldTag });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(oldTag);
    expect(((await after.json()) as { product: { price: number } }).product.price).toBe(250);
  });

  it("stops serving a deleted product from the cache", async () => {
    const p = await createProduct(seller);
    await get(`/api/v1/products/${p.product_id}`);
    expect((await get(`/api/v1/products/${p.product_id}`)).headers.get("X-Cache")).toBe("HIT");
    const del = await raw("DELETE", `/api/v1/products/${p.product_id}`, { headers: { Authorization: `Bearer ${seller.token}` } });
    expect(del.status).toBe(204);
    expect((await get(`/api/v1/products/${p.product_id}`)).status).toBe(404);
  });

  it("never caches an error", async () => {
    const missing = "B0MISSING00";
    expect((await get(`/api/v1/products/${missing}`)).status).toBe(404);
    const again = await get(`/api/v1/products/${missing}`);
    expect(again.status).toBe(404);
    expect(again.headers.get("Cache-Control")).toBe("no-store");
  });
});

describe("category caching", () => {
  it("refreshes the category counts when a product is listed", async () => {
    const read = async () =>
      ((await (await get("/api/v1/categories")).json()) as { categories: { slug: string; product_count: number }[] }).categories.find(
        (c) => c.slug === "jewellery",
      )!.product_count;
    const before = await read();
    await read(); // cached
    await createProduct(seller, { category: "jewellery" });
    expect(await read()).toBe(before + 1);
  });
});
