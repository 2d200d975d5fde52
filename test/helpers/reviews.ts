// Review fixtures and checks: write a review through the API, read the rating summary next to a
// recount of the visible reviews, and walk every page of a review list.
import type { RatingCounts } from "../../workers/products/products";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { authed, raw } from "./client";

export interface ReviewJson {
  review_id: string;
  product_id: string;
  is_mine: boolean;
  author_name: string;
  stars: number;
  title: string;
  text: string;
  verified_purchase: boolean;
  helpful_count: number;
  seller_reply: { text: string; created_at: string } | null;
  created_at: string;
  updated_at: string;
}

export const reviewBody = (overrides: Partial<{ stars: number; title: string; text: string }> = {}) => ({
  stars: 4,
  title: "Does the job",
  text: "Sturdy and bright.",
  ...overrides,
});

/** Writes (or updates) `who`'s review through the API; answers the status and the review. */
export const writeReview = async (who: { token: string }, productId: string, overrides: Parameters<typeof reviewBody>[0] = {}) => {
  const res = await authed(who).api.v1.products[":id"].reviews.$post({ param: { id: productId }, json: reviewBody(overrides) });
  // Typed as a plain number: the typed client knows only the success statuses.
  const status: number = res.status;
  if (status !== 200 && status !== 201) throw new Error(`review failed: ${status} ${await res.text()}`);
  return { status: res.status, review: (await res.json()) as ReviewJson };
};

export type Counts = RatingCounts;

/** The stored rating summary (product_ratings). */
export const summaryOf = async (productId: string): Promise<Counts> =>
  (await env.DB.prepare(`SELECT count, sum, s1, s2, s3, s4, s5 FROM product_ratings WHERE product_id = ?`)
    .bind(productId)
    .first<Counts>())!;

/** The summary recounted from the visible reviews: what the triggers must keep it equal to. */
export const recountOf = async (productId: string): Promise<Counts> =>
  (await env.DB.prepare(
    `SELECT COUNT(*) AS count, COALESCE(SUM(stars), 0) AS sum, COALESCE(SUM(stars = 1), 0) AS s1, COALESCE(SUM(stars = 2), 0) AS s2,
       COALESCE(SUM(stars = 3), 0) AS s3, COALESCE(SUM(stars = 4), 0) AS s4, COALESCE(SUM(stars = 5), 0) AS s5
     FROM reviews WHERE product_id = ? AND hidden = 0`,
  )
    .bind(productId)
    .first<Counts>())!;

export const expectSummaryMatchesRecount = async (productId: string, where = productId) =>
  expect(await summaryOf(productId), where).toEqual(await recountOf(productId));

/** GET one page of a product's reviews; `query` as in the API. */
export const reviewPage = async (productId: string, query: Record<string, string | number> = {}) => {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await raw("GET", `/api/v1/products/${productId}/reviews?${qs}`);
  return { res, body: res.status === 200 ? ((await res.json()) as { results: ReviewJson[]; next_page_token: string | null }) : undefined };
};

/** Every review of a list, page by page (at most 50 pages). */
export const allReviews = async (productId: string, query: Record<string, string | number> = {}) => {
  const seen: ReviewJson[] = [];
  let token: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const { res, body } = await reviewPage(productId, { ...query, ...(token ? { page_token: token } : {}) });
    expect(res.status).toBe(200);
    seen.push(...body!.results);
    token = body!.next_page_token;
    if (!token) break;
  }
  return seen;
};

/** The product page's rating and review ids. */
export const productPage = async (productId: string) => {
  const res = await raw("GET", `/api/v1/products/${productId}`);
  const body = (await res.json()) as {
    rating: { count: number; average: number | null; histogram: Record<string, number> };
    reviews: { items: ReviewJson[]; next_page_token: string | null };
  };
  return {
    rating: body.rating,
    ids: body.reviews.items.map((r) => r.review_id),
    items: body.reviews.items,
    nextPageToken: body.reviews.next_page_token,
  };
};
