// The cached reads a review write makes stale: the product page (rating and first reviews) and
// the first page of every review sort, unfiltered and per star filter, at the default page size.
// Later pages and other page sizes are not purged: they expire within the cache TTL (README).
import { cacheKeys, purgeCached } from "../shared/edge-cache";
import { REVIEW_PAGE, REVIEW_SORTS } from "./reviews";

const STAR_FILTERS = [undefined, 1, 2, 3, 4, 5] as const;

export const reviewReadKeys = (productId: string): string[] => [
  cacheKeys.product(productId),
  ...REVIEW_SORTS.flatMap((sort) =>
    STAR_FILTERS.map((stars) => cacheKeys.reviewList(productId, { sort, stars, limit: REVIEW_PAGE.default })),
  ),
];

export const purgeReviewReads = (productId: string): Promise<void> => purgeCached(reviewReadKeys(productId));
