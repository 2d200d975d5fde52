// `is_mine` on edge-cached review pages (the product page and the review lists). The shared copy
// says false everywhere; for a signed-in customer who reviewed the product, their review is marked
// per request AFTER the cache, and that answer is private and never stored, so one viewer's
// `is_mine` never reaches another. Everyone else gets the shared copy (ETag, 304) unchanged.
import type { Context } from "hono";
import type { AppEnv } from "../shared/app-env";
import { browseDb } from "../shared/db/client";
import { cachedJson, personalisedJson } from "../shared/edge-cache";
import { findOwnReviewId } from "./reviews.repo";

type Marked = { review_id: string; is_mine: boolean };

/** The caller's review of the product, if the caller is a customer who wrote one. */
const ownReviewId = async (c: Context<AppEnv>, productId: string): Promise<string | undefined> => {
  const p = c.get("principal");
  return p?.role === "customer" ? findOwnReviewId(browseDb(c.env), productId, p.userId) : undefined;
};

export const cachedReviewsJson = async <T>(
  c: Context<AppEnv>,
  key: string,
  productId: string,
  load: () => Promise<T>,
  reviewsOf: (body: T) => Marked[],
) => {
  const mine = await ownReviewId(c, productId);
  if (mine === undefined) return cachedJson(c, key, load);
  return personalisedJson(c, key, load, (body) => {
    for (const r of reviewsOf(body)) r.is_mine = r.review_id === mine;
    return body;
  });
};
