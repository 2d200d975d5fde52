// Review storage in D1: the one-statement upsert (verified flag and live-product check included),
// keyset pages per sort, helpful votes, the seller's reply and moderation. The rating summary and
// helpful_count are kept by triggers (migration 0007) inside each of these statements.
import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../shared/db/client";
import { products, reviews, reviewVotes, users } from "../shared/db/schema";
import type { Review, ReviewCursor, ReviewSort } from "./reviews";

const withAuthor = { review: reviews, authorName: users.name };
type Row = { review: typeof reviews.$inferSelect; authorName: string };

export const toReview = (r: Row): Review => ({ ...r.review, authorName: r.authorName });

/** Reviews joined with their author's display name (the starting point of every read). */
const selectReviews = (db: Db) => db.select(withAuthor).from(reviews).innerJoin(users, eq(users.id, reviews.customerId));

const byId = (db: Db, id: string) => selectReviews(db).where(eq(reviews.id, id)).limit(1);

export const findReview = async (db: Db, id: string): Promise<Review | undefined> => {
  const row = (await byId(db, id))[0];
  return row ? toReview(row) : undefined;
};

/** The review and the seller of its product (who alone may reply). */
export const findReviewWithSeller = async (db: Db, id: string) => {
  const [row, product] = await db.batch([
    byId(db, id),
    db
      .select({ sellerId: products.sellerId })
      .from(products)
      .innerJoin(reviews, eq(reviews.productId, products.id))
      .where(eq(reviews.id, id)),
  ]);
  return row[0] && product[0] ? { review: toReview(row[0]), productSellerId: product[0].sellerId } : undefined;
};

type RawRow = {
  id: string;
  product_id: string;
  customer_id: string;
  author_name: string;
  stars: number;
  title: string;
  body: string;
  verified_purchase: number;
  helpful_count: number;
  hidden: number;
  hidden_reason: string | null;
  seller_reply: string | null;
  seller_reply_at: number | null;
  created_at: number;
  updated_at: number;
};

const fromRaw = (r: RawRow): Review => ({
  id: r.id,
  productId: r.product_id,
  customerId: r.customer_id,
  authorName: r.author_name,
  stars: r.stars,
  title: r.title,
  body: r.body,
  verifiedPurchase: r.verified_purchase === 1,
  helpfulCount: r.helpful_count,
  hidden: r.hidden === 1,
  hiddenReason: r.hidden_reason,
  sellerReply: r.seller_reply,
  sellerReplyAt: r.seller_reply_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Creates the customer's review of a live product, or updates the one they already wrote (same
 * id): one statement, which also computes the verified-purchase flag and returns the row with its
 * author. A NEW review is only written while the customer has fewer than `newPerDay` reviews
 * created since `dayStart` (inside the statement, so parallel writes cannot pass the cap together).
 * Answers "product_missing" (missing or deleted) or, at the cap, when the oldest review counted
 * against it was written;
 * `created` tells a new review from an update. (Raw SQL outside db.batch: drizzle's D1 batch
 * cannot run a raw `sql` query with parameters, and the builder's INSERT ... SELECT cannot
 * express the upsert; RETURNING can.)
 */
export const upsertReview = async (
  db: Db,
  w: { id: string; productId: string; customerId: string; stars: number; title: string; body: string; now: number },
  cap: { newPerDay: number; dayStart: number },
): Promise<{ review: Review; created: boolean } | "product_missing" | { dailyCapFrom: number }> => {
  const rows = await db.all<RawRow>(sql`
    INSERT INTO reviews (id, product_id, customer_id, stars, title, body, verified_purchase, created_at, updated_at)
    SELECT ${w.id}, p.id, ${w.customerId}, ${w.stars}, ${w.title}, ${w.body},
      EXISTS (SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
              WHERE o.customer_id = ${w.customerId} AND o.status = 'DELIVERED' AND l.product_id = p.id),
      ${w.now}, ${w.now}
    FROM products p WHERE p.id = ${w.productId} AND p.deleted_at IS NULL
      AND (EXISTS (SELECT 1 FROM reviews r WHERE r.product_id = p.id AND r.customer_id = ${w.customerId})
           OR (SELECT COUNT(*) FROM reviews r WHERE r.customer_id = ${w.customerId} AND r.created_at > ${cap.dayStart}) < ${cap.newPerDay})
    ON CONFLICT (product_id, customer_id) DO UPDATE SET
      stars = excluded.stars, title = excluded.title, body = excluded.body,
      verified_purchase = excluded.verified_purchase, updated_at = excluded.updated_at
    RETURNING *, (SELECT u.name FROM users u WHERE u.id = customer_id) AS author_name`);
  const row = rows[0];
  if (row) return { review: fromRaw(row), created: row.id === w.id };
  const [[live], [nth]] = await db.batch([
    db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.id, w.productId), isNull(products.deletedAt)))
      .limit(1),
    // The newPerDay-th newest of the day's reviews: the cap lifts when it leaves the window.
    db
      .select({ createdAt: reviews.createdAt })
      .from(reviews)
      .where(and(eq(reviews.customerId, w.customerId), gt(reviews.createdAt, cap.dayStart)))
      .orderBy(desc(reviews.createdAt))
      .limit(1)
      .offset(cap.newPerDay - 1),
  ]);
  return live ? { dailyCapFrom: nth?.createdAt ?? w.now } : "product_missing";
};

const after = (c: ReviewCursor) => {
  if (c.sort === "helpful") return sql`(${reviews.helpfulCount}, ${reviews.id}) < (${c.helpfulCount}, ${c.id})`;
  if (c.sort === "rating") return sql`(${reviews.stars}, ${reviews.createdAt}, ${reviews.id}) < (${c.stars}, ${c.createdAt}, ${c.id})`;
  return sql`(${reviews.createdAt}, ${reviews.id}) < (${c.createdAt}, ${c.id})`;
};

const ORDER = {
  recent: [desc(reviews.createdAt), desc(reviews.id)],
  helpful: [desc(reviews.helpfulCount), desc(reviews.id)],
  rating: [desc(reviews.stars), desc(reviews.createdAt), desc(reviews.id)],
} satisfies Record<ReviewSort, unknown[]>;

/** A page of a product's visible reviews in `sort` order (the first `limit + 1` rows tell if more follow). */
export const reviewPageQuery = (db: Db, productId: string, q: { sort: ReviewSort; stars?: number; after?: ReviewCursor; limit: number }) =>
  selectReviews(db)
    .where(
      and(
        eq(reviews.productId, productId),
        eq(reviews.hidden, false),
        q.stars !== undefined ? eq(reviews.stars, q.stars) : undefined,
        q.after ? after(q.after) : undefined,
      ),
    )
    .orderBy(...ORDER[q.sort])
    .limit(q.limit + 1);

/** A page of reviews, or undefined when the product is missing or deleted: one round trip. */
export const listReviews = async (
  db: Db,
  productId: string,
  q: { sort: ReviewSort; stars?: number; after?: ReviewCursor; limit: number },
) => {
  const [live, rows] = await db.batch([
    db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.id, productId), isNull(products.deletedAt)))
      .limit(1),
    reviewPageQuery(db, productId, q),
  ]);
  if (!live[0]) return undefined;
  return { items: rows.slice(0, q.limit).map(toReview), hasMore: rows.length > q.limit };
};

export interface VoteState {
  review: Pick<Review, "customerId" | "productId" | "stars" | "hidden" | "helpfulCount"> | undefined;
  voted: boolean;
}

const voteState = (db: Db, reviewId: string, customerId: string) =>
  db
    .select({
      customerId: reviews.customerId,
      productId: reviews.productId,
      stars: reviews.stars,
      hidden: reviews.hidden,
      helpfulCount: reviews.helpfulCount,
      voted: sql<number>`EXISTS (SELECT 1 FROM review_votes v WHERE v.review_id = ${reviews.id} AND v.customer_id = ${customerId})`,
    })
    .from(reviews)
    .where(eq(reviews.id, reviewId))
    .limit(1);

const toState = (rows: Awaited<ReturnType<typeof voteState>>): VoteState => {
  const r = rows[0];
  return {
    review: r && { customerId: r.customerId, productId: r.productId, stars: r.stars, hidden: r.hidden, helpfulCount: r.helpfulCount },
    voted: !!r?.voted,
  };
};

/** Counts the vote once, only on a visible review by someone else; then reads the state. */
export const addHelpfulVote = async (db: Db, reviewId: string, customerId: string, now: number): Promise<VoteState> => {
  const [, state] = await db.batch([
    // INSERT ... SELECT lists review_votes' columns in table order: review_id, customer_id, created_at.
    db
      .insert(reviewVotes)
      .select(
        db
          .select({
            reviewId: reviews.id,
            customerId: sql<string>`${customerId}`.as("customer_id"),
            createdAt: sql<number>`${now}`.as("created_at"),
          })
          .from(reviews)
          .where(and(eq(reviews.id, reviewId), eq(reviews.hidden, false), ne(reviews.customerId, customerId))),
      )
      .onConflictDoNothing(),
    voteState(db, reviewId, customerId),
  ]);
  return toState(state);
};

/** Takes the vote back (nothing to do when there is none) unless the review is hidden. */
export const removeHelpfulVote = async (db: Db, reviewId: string, customerId: string): Promise<VoteState> => {
  const [, state] = await db.batch([
    db
      .delete(reviewVotes)
      .where(
        and(
          eq(reviewVotes.reviewId, reviewId),
          eq(reviewVotes.customerId, customerId),
          sql`EXISTS (SELECT 1 FROM reviews WHERE id = ${reviewId} AND hidden = 0)`,
        ),
      ),
    voteState(db, reviewId, customerId),
  ]);
  return toState(state);
};

/** The seller's one reply: only written while there is none. Undefined when one was already there. */
export const setSellerReply = async (db: Db, id: string, text: string, now: number): Promise<Review | undefined> => {
  const [written, row] = await db.batch([
    db
      .update(reviews)
      .set({ sellerReply: text, sellerReplyAt: now })
      .where(and(eq(reviews.id, id), eq(reviews.hidden, false), isNull(reviews.sellerReply)))
      .returning({ id: reviews.id }),
    byId(db, id),
  ]);
  return written[0] && row[0] ? toReview(row[0]) : undefined;
};

/** Hides (with the admin's reason) or shows a review; the triggers move the rating summary. */
export const setHidden = async (db: Db, id: string, hidden: boolean, reason: string | null): Promise<Review | undefined> => {
  const [written, row] = await db.batch([
    db
      .update(reviews)
      .set({ hidden, hiddenReason: hidden ? reason : null })
      .where(eq(reviews.id, id))
      .returning({ id: reviews.id }),
    byId(db, id),
  ]);
  return written[0] && row[0] ? toReview(row[0]) : undefined;
};

/**
 * When an order reaches DELIVERED, its customer's existing reviews of its products become
 * verified purchases. Part of the transition's batch, conditional on the order having reached
 * the status (`reached`), so a transition that changed nothing verifies nothing.
 */
export const verifyReviewsOfDelivered = (db: D1Database, orderId: string, reached: { sql: string; params: unknown[] }) =>
  db
    .prepare(
      `UPDATE reviews SET verified_purchase = 1
       WHERE verified_purchase = 0
         AND customer_id = (SELECT customer_id FROM orders WHERE id = ?)
         AND product_id IN (SELECT product_id FROM order_lines WHERE order_id = ? AND quantity > 0)
         AND ${reached.sql}`,
    )
    .bind(orderId, orderId, ...reached.params);

/** The id of `customerId`'s review of the product, if they wrote one (the unique index answers it). */
export const findOwnReviewId = async (db: Db, productId: string, customerId: string): Promise<string | undefined> => {
  const [row] = await db
    .select({ id: reviews.id })
    .from(reviews)
    .where(and(eq(reviews.productId, productId), eq(reviews.customerId, customerId)))
    .limit(1);
  return row?.id;
};
