// The pure review rules (workers/reviews/reviews.ts): field checks, page tokens per sort, who may
// vote or reply, and the Review JSON.
import { describe, expect, it } from "vitest";
import {
  ANONYMOUS_AUTHOR,
  authorDisplayName,
  adminReviewJson,
  assertCanReply,
  assertNotOwnReview,
  assertVisible,
  cursorFromToken,
  pageTokenAfter,
  REVIEW_SORTS,
  reviewJson,
  textProblem,
  titleProblem,
  type Review,
} from "../../workers/reviews/reviews";
import { encodePageToken } from "../../workers/shared/page-token";
import { codeOf } from "../helpers/errors";

const review = (over: Partial<Review> = {}): Review => ({
  id: "rev_0123456789abcdef",
  productId: "B0TEST0001",
  customerId: "usr_a",
  authorName: "Ann",
  stars: 4,
  title: "Nice",
  body: "<script>alert(1)</script>",
  verifiedPurchase: true,
  helpfulCount: 3,
  hidden: false,
  hiddenReason: null,
  sellerReply: null,
  sellerReplyAt: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_100_000,
  ...over,
});

describe("textProblem and titleProblem", () => {
  it("keeps line breaks and markup in a text but refuses blank ones and control characters", () => {
    for (const t of ["Good.\nReally.\r\n\tYes", '<b>x</b> & "quotes"', "emoji 🔥", "a\u2028b"])
      expect(textProblem(t), JSON.stringify(t)).toBeNull();
    for (const t of ["", "   ", "\n\t", "a\u0000b", "a\u0007b", "a\u007fb", "a\u202eb"])
      expect(textProblem(t), JSON.stringify(t)).not.toBeNull();
  });

  it("allows one line of title", () => {
    expect(titleProblem("<i>Five stars</i>")).toBeNull();
    for (const t of ["two\nlines", "tab\there", "a\u2028b", "a\u0085b", "a\u2066b"])
      expect(titleProblem(t), JSON.stringify(t)).not.toBeNull();
  });
});

describe("page tokens", () => {
  it.each(REVIEW_SORTS)("round-trips the %s cursor", (sort) => {
    const r = review();
    const cursor = cursorFromToken(sort, pageTokenAfter(sort, r));
    expect(cursor).toEqual(
      sort === "recent"
        ? { sort, createdAt: r.createdAt, id: r.id }
        : sort === "helpful"
          ? { sort, helpfulCount: 3, id: r.id }
          : { sort, stars: 4, createdAt: r.createdAt, id: r.id },
    );
  });

  it("refuses a token of another sort, a retyped field or garbage with invalid_page_token", () => {
    const recent = pageTokenAfter("recent", review());
    expect(codeOf(() => cursorFromToken("helpful", recent))).toBe("invalid_data/invalid_page_token");
    // A rating token carries every field a recent one has: the sort name still tells them apart.
    expect(codeOf(() => cursorFromToken("recent", pageTokenAfter("rating", review())))).toBe("invalid_data/invalid_page_token");
    expect(codeOf(() => cursorFromToken("recent", encodePageToken({ o: "recent", c: "1", i: "x" })))).toBe(
      "invalid_data/invalid_page_token",
    );
    expect(codeOf(() => cursorFromToken("recent", "%%%"))).toBe("invalid_data/invalid_page_token");
  });
});

describe("who may act on a review", () => {
  it("treats a hidden review as not found", () => {
    expect(codeOf(() => assertVisible(review({ hidden: true }), "rev_x"))).toBe("not_found/review_not_found");
    expect(codeOf(() => assertVisible(undefined, "rev_x"))).toBe("not_found/review_not_found");
    expect(codeOf(() => assertVisible(review(), "rev_x"))).toBe("none");
  });

  it("refuses a vote on your own review", () => {
    expect(codeOf(() => assertNotOwnReview(review(), "usr_a"))).toBe("not_allowed/own_review");
    expect(codeOf(() => assertNotOwnReview(review(), "usr_b"))).toBe("none");
  });

  it("lets only the product's seller reply, and only once", () => {
    expect(codeOf(() => assertCanReply(review(), "sel_1", "sel_1"))).toBe("none");
    expect(codeOf(() => assertCanReply(review(), "sel_1", "sel_2"))).toBe("forbidden/not_owner");
    expect(codeOf(() => assertCanReply(review(), "sel_1", undefined))).toBe("forbidden/not_owner");
    expect(codeOf(() => assertCanReply(review({ sellerReply: "Thanks", sellerReplyAt: 1 }), "sel_1", "sel_1"))).toBe(
      "conflict/reply_exists",
    );
  });
});

describe("reviewJson", () => {
  it("answers the text as stored, ISO times, and the reply only when there is one", () => {
    const json = reviewJson(review());
    expect(json).toEqual({
      review_id: "rev_0123456789abcdef",
      product_id: "B0TEST0001",
      is_mine: false,
      author_name: "Ann",
      stars: 4,
      title: "Nice",
      text: "<script>alert(1)</script>",
      verified_purchase: true,
      helpful_count: 3,
      seller_reply: null,
      created_at: "2023-11-14T22:13:20.000Z",
      updated_at: "2023-11-14T22:15:00.000Z",
    });
    expect(reviewJson(review({ sellerReply: "<i>Thanks</i>", sellerReplyAt: 0 })).seller_reply).toEqual({
      text: "<i>Thanks</i>",
      created_at: "1970-01-01T00:00:00.000Z",
    });
    expect(adminReviewJson(review({ hidden: true, hiddenReason: "Spam" }))).toMatchObject({
      customer_id: "usr_a",
      hidden: true,
      hidden_reason: "Spam",
      text: "<script>alert(1)</script>",
    });
  });

  it("says is_mine only to the author, and never carries the author's id", () => {
    expect(reviewJson(review(), "usr_a").is_mine).toBe(true);
    expect(reviewJson(review(), "usr_b").is_mine).toBe(false);
    expect(reviewJson(review()).is_mine).toBe(false);
    expect(JSON.stringify(reviewJson(review(), "usr_a"))).not.toContain("usr_a");
  });
});

describe("authorDisplayName", () => {
  it.each([
    ["Ann Smith", "Ann S."],
    ["  ann   smith  ", "ann S."],
    ["Mary Ann van der Berg", "Mary B."],
    ["Ann\tSmith\n", "Ann S."],
    ["Ann\u00a0Smith", "Ann S."], // a no-break space is a space
    ["Cher", "Cher"],
    ["José Ñúñez", "José Ñ."],
    ["Jose\u0301 n\u0303un\u0303ez", "José Ñ."], // combining accents: one letter, composed
    ["Мария Иванова", "Мария И."],
    ["山田 太郎", "山田 太."],
    ["عمر خالد", "عمر خ."],
    ["Ann 👩‍🚀Smith", "Ann 👩‍🚀."], // an emoji sequence is one grapheme, never split
    ["", ANONYMOUS_AUTHOR],
    ["   ", ANONYMOUS_AUTHOR],
  ])("%j is shown as %j", (name, shown) => {
    expect(authorDisplayName(name)).toBe(shown);
  });

  it("cuts a first name that is a whole sentence", () => {
    expect([...authorDisplayName(`${"x".repeat(100)} Smith`)].length).toBe(30 + " S.".length);
  });
});
