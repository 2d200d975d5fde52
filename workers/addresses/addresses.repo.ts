// Address storage (D1, primary: a customer reads back what they just saved). Every query is
// scoped by customer id, so another customer's address is simply not found.
import { MAX_ADDRESSES, type Address } from "./addresses";

type Row = {
  id: string;
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postal_code: string;
  country: string;
  created_at: number;
};

const COLUMNS = "id, name, line1, line2, city, postal_code, country, created_at";

const toAddress = (r: Row): Address => ({
  id: r.id,
  name: r.name,
  line1: r.line1,
  line2: r.line2,
  city: r.city,
  postalCode: r.postal_code,
  country: r.country,
  createdAt: r.created_at,
});

/**
 * Inserts the address unless the customer already keeps MAX_ADDRESSES: one statement, so two
 * concurrent saves cannot both squeeze past the cap. Answers false when the cap refused it.
 */
export const insertAddress = async (env: Cloudflare.Env, customerId: string, a: Address): Promise<boolean> => {
  const result = await env.DB.prepare(
    `INSERT INTO addresses (id, customer_id, name, line1, line2, city, postal_code, country, created_at)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
     WHERE (SELECT COUNT(*) FROM addresses WHERE customer_id = ? AND deleted_at IS NULL) < ?`,
  )
    .bind(a.id, customerId, a.name, a.line1, a.line2, a.city, a.postalCode, a.country, a.createdAt, customerId, MAX_ADDRESSES)
    .run();
  return result.meta.changes > 0;
};

/** The customer's live addresses, newest first (at most MAX_ADDRESSES exist). */
export const listAddresses = async (env: Cloudflare.Env, customerId: string): Promise<Address[]> => {
  const { results } = await env.DB.prepare(
    `SELECT ${COLUMNS} FROM addresses WHERE customer_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?`,
  )
    .bind(customerId, MAX_ADDRESSES)
    .all<Row>();
  return results.map(toAddress);
};

/** The address if it exists, is not deleted and belongs to the customer; otherwise null. Used by checkout. */
export const findAddress = async (env: Cloudflare.Env, customerId: string, id: string): Promise<Address | null> => {
  const row = await env.DB.prepare(`SELECT ${COLUMNS} FROM addresses WHERE id = ? AND customer_id = ? AND deleted_at IS NULL`)
    .bind(id, customerId)
    .first<Row>();
  return row ? toAddress(row) : null;
};

/** Soft delete (orders keep their own snapshot); false when there was no such live address. */
export const softDeleteAddress = async (env: Cloudflare.Env, customerId: string, id: string, now: number): Promise<boolean> => {
  const result = await env.DB.prepare(`UPDATE addresses SET deleted_at = ? WHERE id = ? AND customer_id = ? AND deleted_at IS NULL`)
    .bind(now, id, customerId)
    .run();
  return result.meta.changes > 0;
};
