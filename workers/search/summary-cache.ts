// The search summary (total and facets) cached on its own, keyed by the query and filters only:
// every page and sort of a search shares it, so paging through a broad query (or the whole
// catalog, an empty `q`) scans the match set for facets once per TTL, not once per page.
import { sha256Hex } from "../shared/hash";
import type { SearchSummary } from "./search.repo";

const ORIGIN = "https://search-summary.internal";

/** How long a summary is shared: a few minutes (counts may lag a catalog edit by that), never less than the page TTL, 0 = off. */
export const summaryTtl = (pageTtl: number): number => (pageTtl === 0 ? 0 : Math.max(pageTtl, 300));

export const cachedSummary = async (key: string, ttl: number, load: () => Promise<SearchSummary>): Promise<SearchSummary> => {
  const req = new Request(`${ORIGIN}/?k=${await sha256Hex(key)}`);
  const hit = ttl > 0 ? await caches.default.match(req) : undefined;
  if (hit) return (await hit.json()) as SearchSummary;
  const summary = await load();
  if (ttl > 0) {
    await caches.default.put(
      req,
      new Response(JSON.stringify(summary), { headers: { "Content-Type": "application/json", "Cache-Control": `max-age=${ttl}` } }),
    );
  }
  return summary;
};
