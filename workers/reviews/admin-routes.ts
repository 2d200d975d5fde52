// Review moderation for admins (under /api/v1/admin/reviews): hide a review with a reason, or
// show it again. The rating summary follows through the triggers; cached reads are purged.
import { createRoute } from "@hono/zod-openapi";
import { requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { primaryDb } from "../shared/db/client";
import { noStore } from "../shared/no-store";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { purgeReviewReads } from "./cache";
import { adminReviewJson, reviewNotFound } from "./reviews";
import { setHidden } from "./reviews.repo";
import { AdminReviewSchema, HideReviewBody, ReviewIdParam } from "./schemas";

const admins = [noStore, requireRoles("admin")];
const who = "Admins only: no token is 401, customers and sellers get 403.";

const hide = createRoute({
  method: "post",
  path: "/{review_id}/hide",
  tags: ["Reviews"],
  summary: "Hide a review from lists, the product page and the rating",
  description: `${who} Hiding a hidden review again only updates the reason.`,
  security: bearerAuth,
  middleware: admins,
  request: { params: ReviewIdParam, body: jsonBody(HideReviewBody) },
  responses: { 200: jsonContent(AdminReviewSchema, "Hidden"), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

const unhide = createRoute({
  method: "post",
  path: "/{review_id}/unhide",
  tags: ["Reviews"],
  summary: "Show a hidden review again",
  description: `${who} Unhiding a visible review changes nothing.`,
  security: bearerAuth,
  middleware: admins,
  request: { params: ReviewIdParam },
  responses: { 200: jsonContent(AdminReviewSchema, "Visible"), ...errorResponses(400, 401, 403, 404) },
});

export const adminReviewRoutes = newRouter()
  .openapi(hide, async (c) => {
    const { review_id: id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const review = await setHidden(primaryDb(c.env), id, true, reason);
    if (!review) throw reviewNotFound(id);
    await purgeReviewReads(review.productId);
    return c.json(adminReviewJson(review), 200);
  })
  .openapi(unhide, async (c) => {
    const { review_id: id } = c.req.valid("param");
    const review = await setHidden(primaryDb(c.env), id, false, null);
    if (!review) throw reviewNotFound(id);
    await purgeReviewReads(review.productId);
    return c.json(adminReviewJson(review), 200);
  });
