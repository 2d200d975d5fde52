// Product search and suggestions: GET /api/v1/products/search and /suggest. Transport only:
// rate-limit per client, parse, resolve the page (page or signed page_token), call search-service
// on a read replica (browseD1), shape, edge-cache, and sign a search id per response.
import { createRoute } from "@hono/zod-openapi";
import { jwtSecret } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { browseD1 } from "../shared/db/client";
import { cachedJson, personalisedJson } from "../shared/edge-cache";
import { sha256Hex } from "../shared/hash";
import { DomainError } from "../shared/errors";
import { errorResponses, jsonContent } from "../shared/openapi";
import { rateLimit } from "../shared/rate-limit";
import { normalisedQuery, queryKey, resultOf, summaryKey, withSearchId } from "./answer";
import { readPageToken, signPageToken } from "./cursor";
import { parseQuery, suggestQuery } from "./query";
import { MAX_DEPTH } from "./ranking";
import { runSuggest } from "./search.repo";
import { search } from "./search-service";
import { SearchQuery, SearchResponseSchema, SuggestQuery, SuggestResponseSchema } from "./schemas";
import { cachedSummary, summaryTtl } from "./summary-cache";

/** Per client address (IPv6 by /64), cache hits included: 120 searches and 300 suggestions a minute (wrangler.toml). */
const searchLimiter = rateLimit((env) => env.SEARCH_RATE_LIMITER, "search", 60);
const suggestLimiter = rateLimit((env) => env.SUGGEST_RATE_LIMITER, "suggest", 60);

const searchRoute = createRoute({
  method: "get",
  path: "/search",
  tags: ["Search"],
  summary: "Search products (typo-tolerant, faceted, ranked by relevance and sales)",
  description:
    "Any text is safe in `q`. Use `page` or the signed `next_page_token`. Pages are cached at the edge for SEARCH_CACHE_TTL_SECONDS; " +
    "the total and facets are shared by every page and sort of a search for up to 5 minutes. Each response has its own `search_id`.",
  middleware: [searchLimiter],
  request: { query: SearchQuery },
  responses: {
    200: jsonContent(SearchResponseSchema, "A page of results with facets over the whole match set"),
    ...errorResponses(400, 429),
  },
});

const suggestRoute = createRoute({
  method: "get",
  path: "/suggest",
  tags: ["Search"],
  summary: "Search-as-you-type suggestions (prefix of the last word)",
  middleware: [suggestLimiter],
  request: { query: SuggestQuery },
  responses: { 200: jsonContent(SuggestResponseSchema, "Up to `limit` product titles"), ...errorResponses(400, 429) },
});

const ttl = (env: Cloudflare.Env) => {
  const n = Number(env.SEARCH_CACHE_TTL_SECONDS);
  return Number.isInteger(n) && n >= 0 ? n : 30;
};

export const searchRoutes = newRouter()
  .openapi(searchRoute, async (c) => {
    const q = c.req.valid("query");
    if (q.min_price !== undefined && q.max_price !== undefined && q.min_price > q.max_price) {
      throw new DomainError("invalid_data", "validation_failed", "min_price must not exceed max_price.", {
        details: [{ path: "query.min_price", message: "greater than max_price" }],
      });
    }
    const key = queryKey(q);
    const secret = jwtSecret(c.env, "Search");
    const offset = q.page_token !== undefined ? await readPageToken(secret, key, q.page_token) : ((q.page ?? 1) - 1) * q.page_size;
    if (offset + q.page_size > MAX_DEPTH)
      throw new DomainError(
        "invalid_data",
        "validation_failed",
        `Results beyond the first ${MAX_DEPTH} are not served: refine the search.`,
      );
    const db = browseD1(c.env);
    const input = {
      q: q.q,
      filters: {
        category: q.category,
        minPrice: q.min_price,
        maxPrice: q.max_price,
        minRating: q.min_rating,
        prime: q.prime,
        inStock: q.in_stock,
        seller: q.seller,
      },
    };
    // Keyed by a digest: the canonical key grows with the query (NFKC can expand one character to many).
    return (await personalisedJson(
      c,
      `/search?k=${await sha256Hex(key)}&o=${offset}`,
      async () => {
        const [found, summary] = await Promise.all([
          search(db, { ...input, sort: q.sort, offset, limit: q.page_size, summary: false }),
          cachedSummary(
            summaryKey(q),
            summaryTtl(ttl(c.env)),
            async () => (await search(db, { ...input, sort: "relevance", offset: 0, limit: 0, summary: true })).summary!,
          ),
        ]);
        const next = offset + q.page_size;
        return {
          query: normalisedQuery(q.q),
          corrected_query: found.correctedQuery,
          results: found.hits.map(resultOf),
          total_results: summary.total,
          page: Math.floor(offset / q.page_size) + 1,
          page_size: q.page_size,
          next_page_token: next < summary.total && next + q.page_size <= MAX_DEPTH ? await signPageToken(secret, key, next) : null,
          facets: summary.facets,
        };
      },
      (shared) => withSearchId(shared, secret, Date.now(), offset),
      ttl(c.env),
    )) as never;
  })
  .openapi(suggestRoute, async (c) => {
    const { q, limit } = c.req.valid("query");
    const match = suggestQuery(parseQuery(q));
    const terms = parseQuery(q).terms.join(" ");
    return cachedJson(
      c,
      `/suggest?q=${encodeURIComponent(terms)}&l=${limit}`,
      async () => ({
        query: terms,
        suggestions: match ? (await runSuggest(browseD1(c.env), match, limit)).map((r) => ({ product_id: r.id, title: r.title })) : [],
      }),
      ttl(c.env),
    ) as never;
  });
