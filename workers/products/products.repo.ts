// Catalog storage in D1: product rows, their category counters and the product-page read.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../shared/db/client";
import { REVIEW_PAGE } from "../reviews/reviews";
import { reviewPageQuery, toReview } from "../reviews/reviews.repo";
import { categories, inventoryLevels, productRatings, products, sellers } from "../shared/db/schema";
import {
  isAttributeMap,
  isStringArray,
  parseJsonColumn,
  type AttributeValue,
  type ProductPatch,
  type ProductRecord,
  type RatingCounts,
} from "./products";

type ProductRow = typeof products.$inferSelect;

export const toRecord = (r: ProductRow): ProductRecord => ({
  ...r,
  attributes: parseJsonColumn<Record<string, AttributeValue>>(r.attributes, {}, isAttributeMap),
  imageUrls: parseJsonColumn<string[]>(r.imageUrls, [], isStringArray),
});

export const categoryExists = async (db: Db, slug: string): Promise<boolean> =>
  (await db.select({ slug: categories.slug }).from(categories).where(eq(categories.slug, slug)).limit(1)).length > 0;

export const findProduct = async (db: Db, id: string): Promise<ProductRecord | undefined> => {
  const row = (await db.select().from(products).where(eq(products.id, id)).limit(1))[0];
  return row ? toRecord(row) : undefined;
};

const bumpCategory = (db: Db, slug: string, delta: 1 | -1, guard: ReturnType<typeof sql>) =>
  db
    .update(categories)
    .set({ productCount: sql`${categories.productCount} + ${delta}` })
    .where(and(eq(categories.slug, slug), guard));

/** Product, its empty rating summary and the category counter, in one atomic batch. */
export const insertProduct = async (db: Db, p: ProductRecord): Promise<void> => {
  await db.batch([
    db.insert(products).values({
      ...p,
      attributes: JSON.stringify(p.attributes),
      imageUrls: JSON.stringify(p.imageUrls),
    }),
    db.insert(productRatings).values({ productId: p.id }),
    bumpCategory(db, p.category, 1, sql`1 = 1`),
  ]);
};

/**
 * Applies `patch` only if the row is still at `expectedVersion` and live. Returns the new
 * record, or undefined when the condition failed (the caller re-reads to say why).
 */
export const updateProduct = async (
  db: Db,
  current: ProductRecord,
  expectedVersion: number,
  patch: ProductPatch,
  now: number,
): Promise<ProductRecord | undefined> => {
  const stillCurrent = sql`EXISTS (SELECT 1 FROM products WHERE id = ${current.id} AND version = ${expectedVersion} AND deleted_at IS NULL)`;
  const moves = patch.category !== undefined && patch.category !== current.category;
  const { attributes, imageUrls, ...plain } = patch;
  const update = db
    .update(products)
    .set({
      ...plain,
      ...(attributes ? { attributes: JSON.stringify(attributes) } : {}),
      ...(imageUrls ? { imageUrls: JSON.stringify(imageUrls) } : {}),
      version: sql`${products.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(products.id, current.id), eq(products.version, expectedVersion), isNull(products.deletedAt)))
    .returning();
  if (moves) {
    // The counters move before the row does, guarded by the same condition as the update.
    const [, , rows] = await db.batch([
      bumpCategory(db, current.category, -1, stillCurrent),
      bumpCategory(db, patch.category!, 1, stillCurrent),
      update,
    ]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }
  const rows = await update;
  return rows[0] ? toRecord(rows[0]) : undefined;
};

/** Soft delete; false when the product was already gone. */
export const softDeleteProduct = async (db: Db, p: ProductRecord, now: number): Promise<boolean> => {
  const [, rows] = await db.batch([
    bumpCategory(db, p.category, -1, sql`EXISTS (SELECT 1 FROM products WHERE id = ${p.id} AND deleted_at IS NULL)`),
    db
      .update(products)
      .set({ deletedAt: now, updatedAt: now, version: sql`${products.version} + 1` })
      .where(and(eq(products.id, p.id), isNull(products.deletedAt)))
      .returning({ id: products.id }),
  ]);
  return rows.length > 0;
};

/** The product page shows the first page of GET /products/{id}/reviews (newest first). */
export const REVIEWS_FIRST_PAGE = REVIEW_PAGE.default;

/** Product + seller, rating summary and the newest visible reviews (with authors): one D1 round trip. */
export const loadProductPage = async (db: Db, id: string) => {
  const [productRows, ratingRows, reviewRows, stockRows] = await db.batch([
    db
      .select({ product: products, sellerName: sellers.displayName })
      .from(products)
      .innerJoin(sellers, eq(sellers.id, products.sellerId))
      .where(eq(products.id, id))
      .limit(1),
    db.select().from(productRatings).where(eq(productRatings.productId, id)).limit(1),
    reviewPageQuery(db, id, { sort: "recent", limit: REVIEWS_FIRST_PAGE }),
    db.select({ available: inventoryLevels.available }).from(inventoryLevels).where(eq(inventoryLevels.productId, id)).limit(1),
  ]);
  const row = productRows[0];
  if (!row) return undefined;
  return {
    product: toRecord(row.product),
    sellerName: row.sellerName,
    rating: ratingRows[0] as RatingCounts | undefined,
    available: stockRows[0]?.available,
    reviews: reviewRows.slice(0, REVIEWS_FIRST_PAGE).map(toReview),
    moreReviews: reviewRows.length > REVIEWS_FIRST_PAGE,
  };
};

/** Keyset page over live products by id (optionally within a category): no OFFSET scans. */
export const listProducts = async (
  db: Db,
  q: { category?: string; afterId?: string; limit: number },
): Promise<{ items: ProductRecord[]; hasMore: boolean }> => {
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        isNull(products.deletedAt),
        q.category !== undefined ? eq(products.category, q.category) : undefined,
        q.afterId !== undefined ? gt(products.id, q.afterId) : undefined,
      ),
    )
    .orderBy(asc(products.id))
    .limit(q.limit + 1);
  return { items: rows.slice(0, q.limit).map(toRecord), hasMore: rows.length > q.limit };
};

export const listCategories = (db: Db) =>
  db
    .select({ slug: categories.slug, name: categories.name, productCount: categories.productCount })
    .from(categories)
    .orderBy(asc(categories.name));
