// Review rules: field limits, the three list orders and their page cursors, who may vote or
// reply, and the Review JSON. Pure: no bindings, no clock; times and ids come in as arguments.
import { DomainError } from "../shared/errors";
import { decodePageToken, encodePageToken } from "../shared/page-token";

export const TITLE_MAX = 150;
export const TEXT_MAX = 5000;
export const REVIEW_PAGE = { default: 10, max: 50 } as const;

/**
 * Writes per customer: 10 a minute (REVIEW_RATE_LIMITER, edits included) and 20 new reviews in any
 * 24 hours (editing one you wrote is never capped). A shopper reviews a few purchases; a paid
 * review farm or a spammer writes hundreds.
 */
export const REVIEW_LIMITS = { perMinute: 10, newPerDay: 20, dayMs: 24 * 3_600_000 } as const;

/** recent: newest first; helpful: most votes first; rating: most stars first (then newest). */
export const REVIEW_SORTS = ["recent", "helpful", "rating"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

/** A review as stored, with its author's display name. */
export interface Review {
  id: string;
  productId: string;
  customerId: string;
  authorName: string;
  stars: number;
  title: string;
  /** Stored exactly as given: never escaped, never rendered; the API only answers JSON. */
  body: string;
  verifiedPurchase: boolean;
  helpfulCount: number;
  hidden: boolean;
  hiddenReason: string | null;
  sellerReply: string | null;
  sellerReplyAt: number | null;
  createdAt: number;
  updatedAt: number;
}

// C0 controls other than tab, newline and carriage return, DEL, and bidi overrides: a review's
// text keeps its line breaks, but nothing that makes it display differently from what is stored.
const BAD_TEXT_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
// A title is one line.
const BAD_TITLE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const textProblem = (text: string): string | null =>
  text.trim().length === 0 ? "Required (not blank)." : BAD_TEXT_CHARS.test(text) ? "Control characters are not allowed." : null;

export const titleProblem = (title: string): string | null =>
  BAD_TITLE_CHARS.test(title) ? "Control characters and line breaks are not allowed." : null;

/** Where a page ends, per sort: the columns of that sort's ORDER BY (all descending). */
export type ReviewCursor =
  | { sort: "recent"; createdAt: number; id: string }
  | { sort: "helpful"; helpfulCount: number; id: string }
  | { sort: "rating"; stars: number; createdAt: number; id: string };

/** The page token's fields per sort; `o` names the sort, so a token only works for its own. */
const CURSOR_SHAPES = {
  recent: { o: "string", c: "number", i: "string" },
  helpful: { o: "string", h: "number", i: "string" },
  rating: { o: "string", s: "number", c: "number", i: "string" },
} as const satisfies Record<ReviewSort, Record<string, "string" | "number">>;

/** The opaque token that resumes after `r` in `sort` order. */
export const pageTokenAfter = (sort: ReviewSort, r: Pick<Review, "id" | "createdAt" | "helpfulCount" | "stars">): string =>
  encodePageToken(
    sort === "helpful"
      ? { o: sort, h: r.helpfulCount, i: r.id }
      : sort === "rating"
        ? { o: sort, s: r.stars, c: r.createdAt, i: r.id }
        : { o: sort, c: r.createdAt, i: r.id },
  );

/** The cursor in a page token; a token of another sort, edited or made up is invalid_page_token. */
export const cursorFromToken = (sort: ReviewSort, token: string): ReviewCursor => {
  const f: Record<string, string | number> = decodePageToken(token, CURSOR_SHAPES[sort] as Record<string, "string" | "number">);
  if (f.o !== sort) {
    throw new DomainError("invalid_data", "invalid_page_token", `page_token belongs to another sort than '${sort}'.`);
  }
  const id = String(f.i);
  if (sort === "helpful") return { sort, helpfulCount: Number(f.h), id };
  if (sort === "rating") return { sort, stars: Number(f.s), createdAt: Number(f.c), id };
  return { sort, createdAt: Number(f.c), id };
};

export const reviewNotFound = (id: string) => new DomainError("not_found", "review_not_found", `No review ${id}.`);

/** A hidden review is not found for everyone but an admin: its existence says nothing. */
export const assertVisible = <R extends Pick<Review, "hidden">>(r: R | undefined, id: string): R => {
  if (!r || r.hidden) throw reviewNotFound(id);
  return r;
};

export const assertNotOwnReview = (r: Pick<Review, "customerId">, customerId: string): void => {
  if (r.customerId === customerId) {
    throw new DomainError("not_allowed", "own_review", "You cannot vote for your own review.");
  }
};

/** Only the seller of the reviewed product answers, and only once. */
export const assertCanReply = (r: Pick<Review, "sellerReply">, productSellerId: string, sellerId: string | undefined): void => {
  if (sellerId === undefined || sellerId !== productSellerId) {
    throw new DomainError("forbidden", "not_owner", "Only the seller of the reviewed product can reply.");
  }
  if (r.sellerReply !== null) throw replyExists();
};

export const replyExists = () => new DomainError("conflict", "reply_exists", "This review already has a reply from the seller.");

const iso = (ms: number): string => new Date(ms).toISOString();

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const firstGrapheme = (word: string): string => graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? "";
/** Long enough for any first name; a whole sentence typed as one is cut. */
const FIRST_NAME_MAX = 30;
export const ANONYMOUS_AUTHOR = "A customer";

/**
 * How a review signs its author in public: the first name and the last name's initial ("Ann
 * Smith" is "Ann S."), so reviews do not carry a full name. One word stays as it is; no name
 * at all is "A customer". Words are split on any Unicode space, letters are whole graphemes (an
 * accented or non-Latin initial stays one letter), and the initial is upper-cased where the
 * script has case.
 */
export const authorDisplayName = (name: string): string => {
  const words = name
    .normalize("NFC")
    .split(/[\s\u200b]+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return ANONYMOUS_AUTHOR;
  const first = [...graphemes.segment(words[0]!)]
    .slice(0, FIRST_NAME_MAX)
    .map((g) => g.segment)
    .join("");
  if (words.length === 1) return first;
  return `${first} ${firstGrapheme(words.at(-1)!).toLocaleUpperCase()}.`;
};

/**
 * The public review. No customer id (it would link one person's reviews across products):
 * `is_mine` says whether `viewerId` (the signed-in caller, if any) wrote it.
 */
export const reviewJson = (r: Review, viewerId?: string) => ({
  review_id: r.id,
  product_id: r.productId,
  is_mine: viewerId !== undefined && viewerId === r.customerId,
  author_name: authorDisplayName(r.authorName),
  stars: r.stars,
  title: r.title,
  text: r.body,
  verified_purchase: r.verifiedPurchase,
  helpful_count: r.helpfulCount,
  seller_reply: r.sellerReply !== null && r.sellerReplyAt !== null ? { text: r.sellerReply, created_at: iso(r.sellerReplyAt) } : null,
  created_at: iso(r.createdAt),
  updated_at: iso(r.updatedAt),
});

/** What an admin sees: the public review plus its author's id and its moderation state. */
export const adminReviewJson = (r: Review) => ({
  ...reviewJson(r),
  customer_id: r.customerId,
  hidden: r.hidden,
  hidden_reason: r.hiddenReason,
});
