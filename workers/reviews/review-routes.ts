// One review (under /api/v1/reviews): customers mark it helpful (once) or take the vote back,
// and the seller of the reviewed product replies once. Transport only; every change purges the
// product page and the first review pages.
import { createRoute } from "@hono/zod-openapi";
import { principalOf, requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { primaryDb } from "../shared/db/client";
import { noStore } from "../shared/no-store";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { purgeReviewReads } from "./cache";
import { assertCanReply, assertNotOwnReview, assertVisible, replyExists, reviewJson } from "./reviews";
import { addHelpfulVote, findReview, findReviewWithSeller, removeHelpfulVote, setSellerReply, type VoteState } from "./reviews.repo";
import { HelpfulVoteSchema, ReplyBody, ReviewIdParam, ReviewSchema } from "./schemas";

const customers = [noStore, requireRoles("customer")];
const who = "Customers only: no token is 401, sellers and admins get 403. A hidden or unknown review is 404.";

const vote = createRoute({
  method: "post",
  path: "/{review_id}/helpful",
  tags: ["Reviews"],
  summary: "Mark a review helpful (one vote per customer)",
  description: `${who} Voting again changes nothing and answers the same state; your own review is 422 own_review.`,
  security: bearerAuth,
  middleware: customers,
  request: { params: ReviewIdParam },
  responses: { 200: jsonContent(HelpfulVoteSchema, "Your vote is counted"), ...errorResponses(400, 401, 403, 404, 422) },
});

const unvote = createRoute({
  method: "delete",
  path: "/{review_id}/helpful",
  tags: ["Reviews"],
  summary: "Take back your helpful vote",
  description: `${who} Without a vote there is nothing to take back: the same state is answered.`,
  security: bearerAuth,
  middleware: customers,
  request: { params: ReviewIdParam },
  responses: { 200: jsonContent(HelpfulVoteSchema, "Your vote is not counted"), ...errorResponses(400, 401, 403, 404) },
});

const reply = createRoute({
  method: "post",
  path: "/{review_id}/reply",
  tags: ["Reviews"],
  summary: "Reply to a review of your product (once)",
  description:
    "Sellers only (others 403 insufficient_role); only the seller of the reviewed product (else 403 not_owner). A second reply is 409 reply_exists.",
  security: bearerAuth,
  middleware: [noStore, requireRoles("seller")],
  request: { params: ReviewIdParam, body: jsonBody(ReplyBody) },
  responses: { 201: jsonContent(ReviewSchema, "The review with your reply"), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

const voteJson = (reviewId: string, s: VoteState & { review: { helpfulCount: number } }) => ({
  review_id: reviewId,
  helpful_count: s.review.helpfulCount,
  voted: s.voted,
});

export const reviewRoutes = newRouter()
  .openapi(vote, async (c) => {
    const { review_id: id } = c.req.valid("param");
    const me = principalOf(c);
    // The insert is conditional (visible, not your own): the state read after it says which rule held.
    const state = await addHelpfulVote(primaryDb(c.env), id, me.userId, Date.now());
    const review = assertVisible(state.review, id);
    assertNotOwnReview(review, me.userId);
    await purgeReviewReads(review.productId);
    return c.json(voteJson(id, { ...state, review }), 200);
  })
  .openapi(unvote, async (c) => {
    const { review_id: id } = c.req.valid("param");
    const state = await removeHelpfulVote(primaryDb(c.env), id, principalOf(c).userId);
    const review = assertVisible(state.review, id);
    await purgeReviewReads(review.productId);
    return c.json(voteJson(id, { ...state, review }), 200);
  })
  .openapi(reply, async (c) => {
    const { review_id: id } = c.req.valid("param");
    const { text } = c.req.valid("json");
    const db = primaryDb(c.env);
    const found = await findReviewWithSeller(db, id);
    const review = assertVisible(found?.review, id);
    assertCanReply(review, found!.productSellerId, principalOf(c).sellerId);
    const updated = await setSellerReply(db, id, text, Date.now());
    if (!updated) {
      // Lost a race with another reply or a hide between the read and the conditional write.
      assertVisible(await findReview(db, id), id);
      throw replyExists();
    }
    await purgeReviewReads(updated.productId);
    return c.json(reviewJson(updated), 201);
  });
