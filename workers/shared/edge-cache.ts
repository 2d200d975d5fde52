// Edge caching of public JSON reads through the Cache API: ETag + 304 on If-None-Match, a
// bounded shared TTL, and purge-on-write so a seller's update is visible on the next read.
import { sha256Hex } from "./hash";
import type { Context } from "hono";
import type { AppEnv } from "./app-env";

const CACHE_ORIGIN = "https://catalog-cache.internal";
const keyRequest = (key: string) => new Request(new URL(key, CACHE_ORIGIN).toString());

/** RFC 9110 weak comparison, as If-None-Match requires; `*` matches any representation. */
export const etagMatches = (ifNoneMatch: string | undefined, etag: string): boolean => {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
};

export const cacheTtlSeconds = (env: Cloudflare.Env): number => {
  const ttl = Number(env.CATALOG_CACHE_TTL_SECONDS);
  return Number.isInteger(ttl) && ttl >= 0 ? ttl : 60;
};

const notModified = (etag: string, cacheControl: string, status: string) =>
  new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": cacheControl, "X-Cache": status } });

/**
 * Serves `key` from the edge cache, or runs `load` (which throws for a missing resource, so
 * errors are never cached) and stores the result. Browsers always revalidate (max-age=0) and
 * get a cheap 304; the edge keeps a copy for the configured TTL.
 */
export const cachedJson = async (
  c: Context<AppEnv>,
  key: string,
  load: () => Promise<unknown>,
  ttlSeconds = cacheTtlSeconds(c.env),
  visibility: "public" | "private" = "public",
) => {
  const res = await cachedOrLoaded(c, key, load, ttlSeconds);
  // A private answer (one customer's) is shared through our own cache only, never a CDN's.
  if (visibility === "private") res.headers.set("Cache-Control", "private, no-cache");
  return res;
};

/** The shared copy of `key`: from the cache, or loaded (and stored when the TTL allows). */
const sharedEntry = async (key: string, load: () => Promise<unknown>, ttlSeconds: number) => {
  const cache = caches.default;
  const req = keyRequest(key);
  const hit = await cache.match(req);
  if (hit) {
    return {
      hit,
      etag: hit.headers.get("ETag") ?? "",
      cacheControl: hit.headers.get("Cache-Control") ?? "no-cache",
      status: "HIT" as const,
    };
  }
  const body = JSON.stringify(await load());
  const etag = `"${(await sha256Hex(body)).slice(0, 32)}"`;
  const cacheControl = `public, max-age=0, s-maxage=${ttlSeconds}, must-revalidate`;
  const headers = { "Content-Type": "application/json; charset=UTF-8", ETag: etag, "Cache-Control": cacheControl };
  if (ttlSeconds > 0) await cache.put(req, new Response(body, { headers }));
  return { body, headers, etag, cacheControl, status: "MISS" as const };
};

const cachedOrLoaded = async (c: Context<AppEnv>, key: string, load: () => Promise<unknown>, ttlSeconds: number) => {
  const entry = await sharedEntry(key, load, ttlSeconds);
  if (etagMatches(c.req.header("If-None-Match"), entry.etag)) return notModified(entry.etag, entry.cacheControl, entry.status);
  if (entry.hit) {
    const res = new Response(entry.hit.body, entry.hit);
    res.headers.set("X-Cache", "HIT");
    return res;
  }
  return new Response(entry.body, { status: 200, headers: { ...entry.headers, "X-Cache": "MISS" } });
};

/**
 * The shared copy of `key` (cached or loaded, as cachedJson), rewritten by `personalise` for this
 * caller AFTER the cache: the personal answer is never stored, never shared and never a 304, so
 * nothing one caller sees reaches another.
 */
export const personalisedJson = async <T>(
  c: Context<AppEnv>,
  key: string,
  load: () => Promise<T>,
  personalise: (shared: T) => unknown,
  ttlSeconds = cacheTtlSeconds(c.env),
) => {
  const entry = await sharedEntry(key, load, ttlSeconds);
  const shared = JSON.parse(entry.hit ? await entry.hit.text() : entry.body) as T;
  return new Response(JSON.stringify(await personalise(shared)), {
    status: 200,
    headers: { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": "private, no-store", "X-Cache": entry.status },
  });
};

/** Drops cached copies in this location; other locations expire within the TTL (README). */
export const purgeCached = async (keys: string[]): Promise<void> => {
  await Promise.all(keys.map((k) => caches.default.delete(keyRequest(k))));
};

export const cacheKeys = {
  product: (id: string) => `/products/${encodeURIComponent(id)}`,
  categories: () => "/categories",
  productList: (q: { category?: string; page_token?: string; limit: number }) => {
    const p = new URLSearchParams();
    if (q.category) p.set("category", q.category);
    if (q.page_token) p.set("page_token", q.page_token);
    p.set("limit", String(q.limit));
    return `/products?${p.toString()}`;
  },
  itemRecs: (productId: string, type: string, limit: number) =>
    `/recommendations/products/${encodeURIComponent(productId)}?type=${type}&limit=${limit}`,
  /** Personal recommendations depend only on the evidence, so equal evidence shares an entry. */
  personalRecs: (evidenceHash: string, limit: number) => `/recommendations/personal/${evidenceHash}?limit=${limit}`,
  reviewList: (productId: string, q: { sort: string; stars?: number; limit: number; page_token?: string }) => {
    const p = new URLSearchParams({ sort: q.sort });
    if (q.stars !== undefined) p.set("stars", String(q.stars));
    p.set("limit", String(q.limit));
    if (q.page_token) p.set("page_token", q.page_token);
    return `/products/${encodeURIComponent(productId)}/reviews?${p.toString()}`;
  },
};
