// The search ranking: one configuration object, documented in the README ("Search"). The score
// is computed in SQL (search.repo.ts) from these numbers, over the whole match set, so sorting
// and pagination see one consistent order. Pure.

export const RANKING = {
  /** bm25 column weights: title, description, category, attribute values. */
  bm25Columns: [10, 2, 3, 1] as const,
  /** Text relevance r = -bm25 is squashed to r / (r + K) in 0..1 (monotonic: bm25's order is kept). */
  relevanceK: 5,
  weights: {
    text: 1,
    /** Time-decayed units sold, normalised 0..1 (product_signals.sales_score). */
    sales: 0.25,
    /** Click-through and conversion from search events, with Bayesian priors (no data = the prior). */
    ctr: 0.1,
    conversion: 0.1,
    /** Cheap for its category = 1, dear = 0. */
    price: 0.05,
    /** Star rating as a Bayesian average (see `rating` below), mapped from 1..5 stars to 0..1. */
    rating: 0.1,
    /** Subtracted when the product is known to be out of stock: it sinks below in-stock matches. */
    outOfStock: 0.5,
  },
  /** What a product without data counts as: the prior means of the signals. */
  priors: { ctr: 0.05, conversion: 0.05, price: 0.5 },
  /**
   * rating = ((sum + m·prior) / (count + m) − 1) / 4 over the visible reviews (product_ratings):
   * a product without reviews sits at the prior (0.625), and a few five-star reviews move it
   * less than many do.
   */
  rating: { prior: 3.5, m: 5 },
} as const;

export const SORTS = ["relevance", "price_asc", "price_desc", "rating", "newest", "best_sellers"] as const;
export type SortKey = (typeof SORTS)[number];

/** Price bands for the price facet, in minor units: [min, max] inclusive; null = open. */
export const PRICE_BANDS: readonly { key: string; min: number | null; max: number | null }[] = [
  { key: "under_5", min: null, max: 499 },
  { key: "5_to_10", min: 500, max: 999 },
  { key: "10_to_25", min: 1000, max: 2499 },
  { key: "25_to_50", min: 2500, max: 4999 },
  { key: "50_and_over", min: 5000, max: null },
];

/** Rating facet buckets: "N stars & up". */
export const RATING_BUCKETS = [4, 3, 2, 1] as const;

export const PAGE_SIZE = { default: 20, max: 50 } as const;
/** Deepest result reachable by paging (offset + page size); deeper pages are a 400. */
export const MAX_DEPTH = 1000;
