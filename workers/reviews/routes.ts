// Reviews of one product (under /api/v1/products): a customer writes or updates their review,
// anyone reads the visible ones in pages (edge-cached). Transport only: parse (schemas.ts),
// apply the rules (reviews.ts), store (reviews.repo.ts), purge what the write made stale.
import { createRoute } from "@hono/zod-openapi";
import { principalOf, requireRoles } from "../identity/auth-middleware";
import { ProductIdParam } from "../products/schemas";
import { newRouter } from "../shared/app-env";
import { browseDb, primaryDb } from "../shared/db/client";
import { cacheKeys } from "../shared/edge-cache";
import { DomainError } from "../shared/errors";
import { newReviewId } from "../shared/ids";
import { noStore } from "../shared/no-store";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { enforceLimit } from "../shared/rate-limit";
import { purgeReviewReads } from "./cache";
import { cachedReviewsJson } from "./own-review";
import { cursorFromToken, pageTokenAfter, REVIEW_LIMITS, reviewJson } from "./reviews";
import { listReviews, upsertReview } from "./reviews.repo";
import { ListReviewsQuery, ReviewListSchema, ReviewSchema, WriteReviewBody } from "./schemas";

const cachedHeaders = {
  ETag: { schema: { type: "string" as const } },
  "Cache-Control": { schema: { type: "string" as const } },
};

const write = createRoute({
  method: "post",
  path: "/{id}/reviews",
  tags: ["Reviews"],
  summary: "Review a product, or update your review of it",
  description:
    "Customers only: no token is 401, sellers and admins get 403. One review per customer and product: the first POST " +
    "answers 201, later ones update the same review (same review_id) and answer 200. `verified_purchase` is true when " +
    "you have a delivered order containing the product. `text` is stored and answered exactly as sent: plain text, never HTML. " +
    `At most ${REVIEW_LIMITS.perMinute} writes a minute and ${REVIEW_LIMITS.newPerDay} new reviews a day per customer (429 with Retry-After).`,
  security: bearerAuth,
  middleware: [noStore, requireRoles("customer")],
  request: { params: ProductIdParam, body: jsonBody(WriteReviewBody) },
  responses: {
    201: jsonContent(ReviewSchema, "Your new review"),
    200: jsonContent(ReviewSchema, "Your review, updated"),
    ...errorResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

const list = createRoute({
  method: "get",
  path: "/{id}/reviews",
  tags: ["Reviews"],
  summary: "A product's reviews (cursor pagination, three sorts, star filter)",
  description:
    "Hidden reviews are left out. Pass `next_page_token` back with the same sort. Cached at the edge; a review write purges the first pages. " +
    "No author ids: `is_mine` marks the signed-in caller's own review (that answer is private, never cached).",
  request: { params: ProductIdParam, query: ListReviewsQuery },
  responses: {
    200: { ...jsonContent(ReviewListSchema, "A page of reviews"), headers: cachedHeaders },
    304: { description: "Not modified (If-None-Match matched)" },
    ...errorResponses(400, 404),
  },
});

const productNotFound = (id: string) => new DomainError("not_found", "product_not_found", `No product ${id}.`);

export const productReviewRoutes = newRouter()
  .openapi(write, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const customerId = principalOf(c).userId;
    await enforceLimit(
      c.env.REVIEW_RATE_LIMITER,
      "review",
      customerId,
      60,
      "You are writing reviews too fast: wait a minute and try again.",
    );
    const now = Date.now();
    const result = await upsertReview(
      primaryDb(c.env),
      {
        id: newReviewId(),
        productId: id,
        customerId,
        stars: body.stars,
        title: body.title,
        body: body.text,
        now,
      },
      { newPerDay: REVIEW_LIMITS.newPerDay, dayStart: now - REVIEW_LIMITS.dayMs },
    );
    if (result === "product_missing") throw productNotFound(id);
    if ("dailyCapFrom" in result) {
      const retryAfter = Math.max(1, Math.ceil((result.dailyCapFrom + REVIEW_LIMITS.dayMs - now) / 1000));
      throw new DomainError(
        "rate_limited",
        "too_many_requests",
        `You can write at most ${REVIEW_LIMITS.newPerDay} new reviews a day: try again later.`,
        { retryAfter },
      );
    }
    await purgeReviewReads(id);
    const json = reviewJson(result.review, customerId);
    return result.created ? c.json(json, 201) : c.json(json, 200);
  })
  .openapi(list, async (c) => {
    const { id } = c.req.valid("param");
    const q = c.req.valid("query");
    // Decoded before the cache: a bad token is a 400 whether or not the page is cached.
    const after = q.page_token !== undefined ? cursorFromToken(q.sort, q.page_token) : undefined;
    // The shared copy is the anonymous one (no viewer): own-review.ts marks the caller's review after the cache.
    return cachedReviewsJson(
      c,
      cacheKeys.reviewList(id, q),
      id,
      async () => {
        const page = await listReviews(browseDb(c.env), id, { sort: q.sort, stars: q.stars, after, limit: q.limit });
        if (!page) throw productNotFound(id);
        const last = page.items.at(-1);
        return {
          results: page.items.map((r) => reviewJson(r)),
          next_page_token: page.hasMore && last ? pageTokenAfter(q.sort, last) : null,
        };
      },
      (body) => body.results,
    );
  });
