// Recommendation rules: the build job's configuration and step plan (which phase follows which,
// how far a chunk goes), the similarity formulas as plain functions (the SQL in build.repo.ts
// computes the same numbers; unit tests check both on a hand-worked example), and how a
// customer's purchases, cart and recently viewed items become weighted seeds. Pure.
import { SOLD_STATUSES } from "../search/signals";

export const RECS = {
  /** Neighbours kept per item (Linden, Smith and York keep a short list per item). */
  neighbours: 20,
  /** Cosine needs at least this many common buyers: a pair seen once is noise. */
  minCommonBuyers: 2,
  /** "Frequently bought together" needs at least this many orders holding both. */
  minTogetherOrders: 3,
  /** Orders with more distinct items than this are wholesale restocks, not baskets: left out of bought-together. */
  maxOrderItems: 100,
  /** Popularity = distinct buyers in this window before the newest order (cold start). */
  popularWindowMs: 90 * 86_400_000,
  popularPerCategory: 50,
  popularOverall: 100,
  /** Items per chunk of the pair counting: each chunk is one D1 statement of about a second. */
  chunkItems: 100,
  /** Orders per chunk of the snapshot. */
  chunkOrders: 5_000,
  /** Statuses whose lines are purchases: the ones search counts as sold (the imported history is DELIVERED). */
  purchasedStatuses: SOLD_STATUSES,
  /** A job's lease: a crashed runner's job is taken over after this. */
  leaseMs: 60_000,
  /** The cron starts a new build when the newest finished one is older than this. */
  rebuildEveryMs: 6 * 3_600_000,
  /** Time a cron tick spends advancing the job before it yields (Worker limits). */
  cronBudgetMs: 20_000,
} as const;

export type Phase = "snapshot_orders" | "item_stats" | "similar" | "together" | "popular" | "publish" | "done";

export interface JobProgress {
  phase: Phase;
  /** Snapshot: the last order rowid copied; pair phases: the last item seq done. */
  cursor: number;
}

/**
 * The next position after a chunk: `last` is where the chunk ended (null when it found nothing
 * left), `items` the number of items in the catalog snapshot.
 */
export const nextProgress = (p: JobProgress, last: number | null, items: number): JobProgress => {
  switch (p.phase) {
    case "snapshot_orders":
      return last === null ? { phase: "item_stats", cursor: 0 } : { phase: "snapshot_orders", cursor: last };
    case "item_stats":
      return { phase: "similar", cursor: 0 };
    case "similar":
    case "together": {
      const end = p.cursor + RECS.chunkItems;
      if (end < items) return { phase: p.phase, cursor: end };
      return p.phase === "similar" ? { phase: "together", cursor: 0 } : { phase: "popular", cursor: 0 };
    }
    case "popular":
      return { phase: "publish", cursor: 0 };
    case "publish":
    case "done":
      return { phase: "done", cursor: 0 };
  }
};

/** Cosine of two binary purchase vectors: common buyers / sqrt(buyers of i * buyers of j). */
export const cosine = (common: number, buyersI: number, buyersJ: number): number =>
  buyersI > 0 && buyersJ > 0 ? common / Math.sqrt(buyersI * buyersJ) : 0;

/**
 * How strongly j goes with i in baskets: support times log lift (the "local mutual information"
 * of collocation statistics). Lift alone puts two rare items seen together three times above a
 * pair seen in hundreds of orders; support alone (or confidence) returns the best sellers, whose
 * lift is about 1 and so score about 0. Pairs seen less often than by chance (lift <= 1) are not kept.
 */
export const togetherScore = (together: number, ordersI: number, ordersJ: number, allOrders: number): number => {
  if (ordersI === 0 || ordersJ === 0 || together === 0) return 0;
  return together * Math.log((together * allOrders) / (ordersI * ordersJ));
};

export type SeedSource = "cart" | "viewed" | "purchased";

export interface Seed {
  productId: string;
  weight: number;
}

/** How much each kind of evidence counts; the newer of several counts more (see seedWeights). */
const SOURCE_WEIGHT: Record<SeedSource, number> = { cart: 3, viewed: 2, purchased: 1 };
export const MAX_SEEDS = 60;

/**
 * Seeds for personal recommendations from the customer's evidence, each list newest first.
 * A seed's weight is its source's weight times 1 / (1 + position / 30), so the latest views and
 * purchases lead; an item in several lists keeps its strongest weight.
 */
export const seedWeights = (lists: Record<SeedSource, string[]>): Seed[] => {
  const best = new Map<string, number>();
  for (const source of ["cart", "viewed", "purchased"] as const) {
    lists[source].forEach((id, position) => {
      const w = SOURCE_WEIGHT[source] / (1 + position / 30);
      if (w > (best.get(id) ?? 0)) best.set(id, w);
    });
  }
  return [...best.entries()]
    .map(([productId, weight]) => ({ productId, weight }))
    .sort((a, b) => b.weight - a.weight || (a.productId < b.productId ? -1 : 1))
    .slice(0, MAX_SEEDS);
};

export type Reason = "similar" | "bought_together" | "personalised" | "popular_in_category" | "popular";

/** Appends fallback items to a list, skipping excluded ids and duplicates, up to `limit`. */
export const fillUp = <T extends { product_id: string }>(
  first: T[],
  fallbacks: T[][],
  exclude: ReadonlySet<string>,
  limit: number,
): T[] => {
  const seen = new Set(exclude);
  const out: T[] = [];
  for (const list of [first, ...fallbacks]) {
    for (const item of list) {
      if (out.length >= limit) return out;
      if (seen.has(item.product_id)) continue;
      seen.add(item.product_id);
      out.push(item);
    }
  }
  return out;
};
