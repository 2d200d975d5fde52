// Shaping a search answer: the canonical keys it is cached under, the normalised query it
// echoes, result rows, and the per-response signed search id added after the cache (so no two
// callers share one, and a cached body never repeats anybody's raw input).
import type { z } from "@hono/zod-openapi";
import { parseQuery } from "./query";
import { mintSearchId } from "./search-id";
import type { SearchHit } from "./search.repo";
import type { SearchQuery } from "./schemas";

type Query = z.infer<typeof SearchQuery>;

/** The query as searched: NFKC, lower case, words of letters and digits joined by single spaces. */
export const normalisedQuery = (raw: string | undefined): string =>
  (
    (raw ?? "")
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).join(" ");

/** The query and filters (no page, sort or page size): what the summary (total, facets) depends on. */
export const summaryKey = (q: Query) =>
  JSON.stringify([
    normalisedQuery(q.q),
    parseQuery(q.q),
    q.category,
    q.min_price,
    q.max_price,
    q.min_rating,
    q.prime,
    q.in_stock,
    q.seller,
  ]);

/** The query and filters in one canonical string: the page cache key and what a page token is bound to. */
export const queryKey = (q: Query) => JSON.stringify([summaryKey(q), q.sort, q.page_size]);

const imageOf = (json: string): string | null => {
  try {
    const urls = JSON.parse(json) as unknown;
    return Array.isArray(urls) && typeof urls[0] === "string" ? urls[0] : null;
  } catch {
    return null;
  }
};

export const resultOf = (h: SearchHit) => ({
  product_id: h.id,
  title: h.title,
  price: h.price_minor,
  currency: h.currency,
  rating: h.rating === null ? null : Math.round(h.rating * 10) / 10,
  rating_count: h.rating_count ?? 0,
  prime_eligible: h.prime_eligible === 1,
  image_url: imageOf(h.image_urls),
  in_stock: h.available === null ? null : h.available > 0,
});

/**
 * The shared (possibly cached) answer with a fresh search id in front, minted for this response
 * only. The response is private and never a 304: a browser or proxy that replayed a stored copy
 * would hand out an old id (whose events expire) or one id to many shoppers.
 */
export const withSearchId = async <T extends { results: { product_id: string }[] }>(
  body: T,
  secret: string,
  now: number,
  offset: number,
) => ({
  search_id: await mintSearchId(
    secret,
    now,
    offset,
    body.results.map((r) => r.product_id),
  ),
  ...body,
});
