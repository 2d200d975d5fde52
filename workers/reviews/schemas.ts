// Request and response schemas of the reviews API (zod, rendered into the OpenAPI document).
// Field rules come from reviews.ts so the API and any other caller agree on them.
import { z } from "@hono/zod-openapi";
import { REVIEW_PAGE, REVIEW_SORTS, TEXT_MAX, TITLE_MAX, textProblem, titleProblem } from "./reviews";

export const REVIEW_ID_PATTERN = /^rev_[0-9a-z]{16}$/;

export const ReviewIdParam = z.object({
  review_id: z
    .string()
    .regex(REVIEW_ID_PATTERN, "Review ids look like rev_ followed by 16 letters or digits.")
    .openapi({ param: { name: "review_id", in: "path" }, example: "rev_0000000000000000" }),
});

export const WriteReviewBody = z
  .strictObject({
    stars: z.int("Stars are a whole number from 1 to 5.").min(1).max(5).openapi({ example: 5 }),
    title: z
      .string()
      .trim()
      .min(1, "Required (not blank).")
      .max(TITLE_MAX, `At most ${TITLE_MAX} characters.`)
      .superRefine((s, ctx) => {
        const problem = titleProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .openapi({ example: "Bright and sturdy" }),
    text: z
      .string()
      .min(1, "Required (not blank).")
      .max(TEXT_MAX, `At most ${TEXT_MAX} characters.`)
      .superRefine((s, ctx) => {
        const problem = textProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .openapi({
        example: "Holds a tea light well; the metal feels solid.",
        description: "Stored and answered exactly as sent (plain text, never HTML).",
      }),
  })
  .openapi("WriteReviewRequest");

export const ListReviewsQuery = z.object({
  sort: z
    .enum(REVIEW_SORTS)
    .default("recent")
    .openapi({ description: "recent (newest first), helpful (most votes first), rating (most stars first)" }),
  stars: z.coerce.number().int().min(1).max(5).optional().openapi({ description: "Only reviews with this many stars" }),
  limit: z.coerce.number().int().min(1).max(REVIEW_PAGE.max).default(REVIEW_PAGE.default),
  page_token: z.string().max(512).optional().openapi({ description: "next_page_token of the previous page (same sort)" }),
});

export const ReplyBody = z
  .strictObject({
    text: WriteReviewBody.shape.text.openapi({ example: "Thank you! Glad it lights up your porch." }),
  })
  .openapi("ReviewReplyRequest");

export const HideReviewBody = z
  .strictObject({
    reason: z.string().trim().min(1, "Required (not blank).").max(500, "At most 500 characters.").openapi({ example: "Spam" }),
  })
  .openapi("HideReviewRequest");

const Iso = (description: string) => z.string().openapi({ description: `${description} (ISO 8601)` });

export const ReviewSchema = z
  .object({
    review_id: z.string().openapi({ example: "rev_3k9x2m4p7q1w8e5r" }),
    product_id: z.string(),
    is_mine: z.boolean().openapi({ description: "You (the signed-in caller) wrote this review; always false without a token" }),
    author_name: z.string().openapi({ example: "Ann S.", description: "The author's first name and last initial" }),
    stars: z.int(),
    title: z.string(),
    text: z.string().openapi({ description: "Plain text exactly as written; clients must not render it as HTML." }),
    verified_purchase: z.boolean().openapi({ description: "The author has a delivered order containing the product" }),
    helpful_count: z.int(),
    seller_reply: z.object({ text: z.string(), created_at: Iso("Replied at") }).nullable(),
    created_at: Iso("Written at"),
    updated_at: Iso("Last edited at"),
  })
  .openapi("Review");

export const ReviewListSchema = z.object({ results: z.array(ReviewSchema), next_page_token: z.string().nullable() }).openapi("ReviewList");

export const HelpfulVoteSchema = z
  .object({
    review_id: z.string(),
    helpful_count: z.int(),
    voted: z.boolean().openapi({ description: "Whether you now count among the votes" }),
  })
  .openapi("HelpfulVote");

export const AdminReviewSchema = ReviewSchema.extend({
  customer_id: z.string(),
  hidden: z.boolean(),
  hidden_reason: z.string().nullable(),
}).openapi("AdminReview");
