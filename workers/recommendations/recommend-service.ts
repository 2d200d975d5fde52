// What the recommendation routes answer: an item's neighbours with their fallbacks, and a
// customer's personal list from their purchases, cart and recently viewed items. Reads D1
// (recommendations.repo.ts) and the customer's CartDO; the rules are in recommendations.ts.
import { customerCart } from "../cart/cart-id";
import { averageStars, isStringArray, parseJsonColumn } from "../products/products";
import { sha256Hex } from "../shared/hash";
import { fillUp, seedWeights, type Reason } from "./recommendations";
import { itemRecs, personalRecs, popularRecs, productCategory, purchasedItems, viewedItems, type RecRow } from "./recommendations.repo";

export interface RecItem {
  product_id: string;
  title: string;
  price: number;
  currency: string;
  category: string;
  image_urls: string[];
  prime_eligible: boolean;
  rating: number | null;
  rating_count: number;
  score: number;
  reason: Reason;
}

const toItem =
  (reason: Reason) =>
  (r: RecRow): RecItem => ({
    product_id: r.product_id,
    title: r.title,
    price: r.price_minor,
    currency: r.currency,
    category: r.category,
    image_urls: parseJsonColumn<string[]>(r.image_urls, [], isStringArray),
    prime_eligible: r.prime_eligible === 1,
    rating: averageStars(r.rating_sum ?? 0, r.rating_count ?? 0),
    rating_count: r.rating_count ?? 0,
    score: Math.round(r.score * 10_000) / 10_000,
    reason,
  });

const rows = (r: D1Result | undefined) => (r?.results ?? []) as unknown as RecRow[];
const POPULAR_POOL = 100;

/**
 * Similar items fall back to the product's category's best sellers, then the store's (a new
 * product has no neighbours yet). Bought-together does not: it only shows real evidence.
 * Answers undefined for an unknown product.
 */
export const recommendForItem = async (db: D1Database, productId: string, type: "similar" | "bought_together", limit: number) => {
  const [found, own] = await db.batch([productCategory(db, productId), itemRecs(db, productId, type, limit)]);
  const category = (found?.results[0] as { category: string } | undefined)?.category;
  if (category === undefined) return undefined;
  const first = rows(own).map(toItem(type));
  if (type === "bought_together" || first.length >= limit) return first;
  const [inCategory, overall] = await db.batch([popularRecs(db, category, limit + 1), popularRecs(db, "", limit + 1)]);
  return fillUp(
    first,
    [rows(inCategory).map(toItem("popular_in_category")), rows(overall).map(toItem("popular"))],
    new Set([productId]),
    limit,
  );
};

export const MAX_PURCHASED = 2_000;
const MAX_VIEWED = 30;

export interface Evidence {
  purchased: string[];
  viewed: string[];
  cart: string[];
}

/** A signed-in customer's evidence, newest first; anonymous callers have none. */
export const gatherEvidence = async (env: Cloudflare.Env, customerId: string | undefined): Promise<Evidence> => {
  if (!customerId) return { purchased: [], viewed: [], cart: [] };
  const [[bought, viewed], lines] = await Promise.all([
    env.DB.batch<{ id: string }>([purchasedItems(env.DB, customerId, MAX_PURCHASED), viewedItems(env.DB, customerId, MAX_VIEWED)]),
    customerCart(env, customerId).lines(),
  ]);
  const ids = (r: D1Result<{ id: string }> | undefined) => (r?.results ?? []).map((x) => x.id);
  return { purchased: ids(bought), viewed: ids(viewed), cart: lines.map((l) => l.productId) };
};

/** Equal evidence gives an equal list: its hash keys the shared cache entry. */
export const evidenceKey = async (e: Evidence): Promise<string> =>
  (await sha256Hex(JSON.stringify([e.purchased, e.viewed, e.cart]))).slice(0, 32);

/**
 * Items similar to what the customer bought, has in the cart and viewed (weighted by
 * seedWeights), leaving out what they already bought, have in the cart or just viewed;
 * topped up with the store's best sellers. With no evidence: the best sellers ("popular").
 */
export const recommendForCustomer = async (db: D1Database, e: Evidence, limit: number) => {
  const seeds = seedWeights({ cart: e.cart, viewed: e.viewed, purchased: e.purchased });
  const exclude = [...new Set([...e.purchased, ...e.cart, ...e.viewed])];
  const statements = [popularRecs(db, "", Math.min(POPULAR_POOL, limit + exclude.length))];
  if (seeds.length > 0) statements.push(personalRecs(db, seeds, exclude, limit));
  const [popular, personal] = await db.batch(statements);
  const results = fillUp(rows(personal).map(toItem("personalised")), [rows(popular).map(toItem("popular"))], new Set(exclude), limit);
  return { results, strategy: seeds.length > 0 ? ("personalised" as const) : ("popular" as const) };
};
