// Product search and suggestions: GET /api/v1/products/search and /suggest. Transport only:
// parse, resolve the page (page or signed page_token), call search-service, shape, edge-cache.
import { createRoute, type z } from "@hono/zod-openapi";
import { jwtSecret } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { cachedJson } from "../shared/edge-cache";
import { DomainError } from "../shared/errors";
import { errorResponses, jsonContent } from "../shared/openapi";
import { readPageToken, signPageToken } from "./cursor";
import { parseQuery, suggestQuery } from "./query";
import { MAX_DEPTH } from "./ranking";
import { runSuggest } from "./search.repo";
import { search } from "./search-service";
import { SearchQuery, SearchResponseSchema, SuggestQuery, SuggestResponseSchema } from "./schemas";

const searchRoute = createRoute({
  method: "get", path: "/search", tags: ["Search"], summary: "Search products (typo-tolerant, faceted, ranked by relevance and sales)",
  description: "Any text is safe in `q`. Use `page` or the signed `next_page_token`. Cached at the edge for SEARCH_CACHE_TTL_SECONDS.",
  request: { query: SearchQuery },
  responses: { 200: jsonContent(SearchResponseSchema, "A page of results with facets over the whole match set"), ...errorResponses(400) },
});

const suggestRoute = createRoute({
  method: "get", path: "/suggest", tags: ["Search"], summary: "Search-as-you-type suggestions (prefix of the last word)",
  request: { query: SuggestQuery },
  responses: { 200: jsonContent(SuggestResponseSchema, "Up to `limit` product titles"), ...errorResponses(400) },
});

const ttl = (env: Cloudflare.Env) => {
  const n = Number(env.SEARCH_CACHE_TTL_SECONDS);
  return Number.isInteger(n) && n >= 0 ? n : 30;
};

type Query = z.infer<typeof SearchQuery>;
/** The query and filters in one canonical string: the cache key and what a page token is bound to. */
const queryKey = (q: Query) =>
  JSON.stringify([parseQuery(q.q), q.category, q.min_price, q.max_price, q.min_rating, q.prime, q.in_stock, q.seller, q.sort, q.page_size]);

const imageOf = (json: string): string | null => {
  try {
    const urls = JSON.parse(json) as unknown;
    return Array.isArray(urls) && typeof urls[0] === "string" ? urls[0] : null;
  } catch {
    return null;
  }
};

export const searchRoutes = newRouter()
  .openapi(searchRoute, async (c) => {
    const q = c.req.valid("query");
    if (q.min_price !== undefined && q.max_price !== undefined && q.min_price > q.max_price) {
      throw new DomainError("invalid_data", "validation_failed", "min_price must not exceed max_price.", { details: [{ path: "query.min_price", message: "greater than max_price" }] });
    }
    const key = queryKey(q);
    const secret = jwtSecret(c.env, "Search");
    const offset = q.page_token !== undefined ? await readPageToken(secret, key, q.page_token) : ((q.page ?? 1) - 1) * q.page_size;
    if (offset + q.page_size > MAX_DEPTH) throw new DomainError("invalid_data", "validation_failed", `Results beyond the first ${MAX_DEPTH} are not served: refine the search.`);
    return cachedJson(c, `/search?k=${encodeURIComponent(key)}&o=${offset}`, async () => {
      const found = await search(c.env.DB, {
        q: q.q,
        filters: { category: q.category, minPrice: q.min_price, maxPrice: q.max_price, minRating: q.min_rating, prime: q.prime, inStock: q.in_stock, seller: q.seller },
        sort: q.sort, offset, limit: q.page_size,
      });
      const next = offset + q.page_size;
      return {
        search_id: crypto.randomUUID(),
        query: q.q ?? "",
        corrected_query: found.correctedQuery,
        results: found.hits.map((h) => ({
          product_id: h.id, title: h.title, price: h.price_minor, currency: h.currency,
          rating: h.rating === null ? null : Math.round(h.rating * 10) / 10, rating_count: h.rating_count ?? 0,
          prime_eligible: h.prime_eligible === 1, image_url: imageOf(h.image_urls), in_stock: h.available === null ? null : h.available > 0,
        })),
        total_results: found.total,
        page: Math.floor(offset / q.page_size) + 1,
        page_size: q.page_size,
        next_page_token: next < found.total && next + q.page_size <= MAX_DEPTH ? await signPageToken(secret, key, next) : null,
        facets: found.facets,
      };
    }, ttl(c.env)) as never;
  })
  .openapi(suggestRoute, async (c) => {
    const { q, limit } = c.req.valid("query");
    const match = suggestQuery(parseQuery(q));
    return cachedJson(c, `/suggest?q=${encodeURIComponent(parseQuery(q).terms.join(" "))}&l=${limit}`, async () => ({
      query: q ?? "",
      suggestions: match ? (await runSuggest(c.env.DB, match, limit)).map((r) => ({ product_id: r.id, title: r.title })) : [],
    }), ttl(c.env)) as never;
  });
