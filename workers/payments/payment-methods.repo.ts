// D1 storage of customers' saved cards: the gateway's token plus what a person recognises a card
// by (brand, last 4, expiry). Never the number or the security code.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { primaryDb } from "../shared/db/client";
import { paymentMethods } from "../shared/db/schema";

export interface PaymentMethodRecord {
  id: string;
  customerId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  token: string;
  createdAt: number;
}

/** What the checkout needs to charge a saved card. */
export interface SavedCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  token: string;
}

const live = (customerId: string) => and(eq(paymentMethods.customerId, customerId), isNull(paymentMethods.deletedAt));

/**
 * Saves the card unless the customer already has `limit` live cards; false when refused. The
 * count is inside the INSERT, so two concurrent saves cannot both slip under the limit.
 */
export const insertPaymentMethod = async (env: Cloudflare.Env, pm: PaymentMethodRecord, limit: number): Promise<boolean> => {
  const res = await env.DB.prepare(
    `INSERT INTO payment_methods (id, customer_id, brand, last4, exp_month, exp_year, token, created_at)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
     WHERE (SELECT COUNT(*) FROM payment_methods WHERE customer_id = ?2 AND deleted_at IS NULL) < ?9`,
  )
    .bind(pm.id, pm.customerId, pm.brand, pm.last4, pm.expMonth, pm.expYear, pm.token, pm.createdAt, limit)
    .run();
  return res.meta.changes === 1;
};

export const countPaymentMethods = async (env: Cloudflare.Env, customerId: string): Promise<number> => {
  const [row] = await primaryDb(env).select({ n: sql<number>`count(*)` }).from(paymentMethods).where(live(customerId));
  return row?.n ?? 0;
};

/** The customer's live cards, newest first (rowid breaks ties within one millisecond). */
export const listPaymentMethods = async (env: Cloudflare.Env, customerId: string): Promise<PaymentMethodRecord[]> => {
  const rows = await primaryDb(env)
    .select()
    .from(paymentMethods)
    .where(live(customerId))
    .orderBy(desc(paymentMethods.createdAt), desc(sql`rowid`));
  return rows.map(({ deletedAt: _d, ...r }) => r);
};

/** Soft-deletes the customer's live card; false when there is none by that id (or it is someone else's). */
export const softDeletePaymentMethod = async (env: Cloudflare.Env, customerId: string, id: string, now: number): Promise<boolean> => {
  const rows = await primaryDb(env)
    .update(paymentMethods)
    .set({ deletedAt: now })
    .where(and(eq(paymentMethods.id, id), live(customerId)))
    .returning({ id: paymentMethods.id });
  return rows.length === 1;
};

/** The customer's live card by id, or null (unknown, deleted, or another customer's). */
export const findPaymentMethod = async (env: Cloudflare.Env, customerId: string, id: string): Promise<SavedCard | null> => {
  const [row] = await primaryDb(env)
    .select({
      id: paymentMethods.id,
      brand: paymentMethods.brand,
      last4: paymentMethods.last4,
      expMonth: paymentMethods.expMonth,
      expYear: paymentMethods.expYear,
      token: paymentMethods.token,
    })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, id), live(customerId)))
    .limit(1);
  return row ?? null;
};
