// D1 record of card-save attempts (card_tokenisations): the per-customer daily cap, counted in the
// same statement that records the attempt, and each attempt's outcome and decline code for admins.
import type { TokenisationOutcome } from "./card-saves";

/** The attempts the cap counts: ?2 the customer, ?3 now, ?4 the window. */
const COUNTED = `customer_id = ?2 AND created_at > ?3 - ?4 AND outcome != 'unavailable'`;

/**
 * Records a pending attempt unless the customer already has `perWindow` counted attempts in the
 * window; false when refused. One statement: parallel saves cannot all slip under the cap.
 */
export const startTokenisation = async (
  env: Cloudflare.Env,
  a: { id: string; customerId: string; now: number },
  perWindow: number,
  windowMs: number,
): Promise<boolean> => {
  const res = await env.DB.prepare(
    `INSERT INTO card_tokenisations (id, customer_id, outcome, decline_code, created_at)
     SELECT ?1, ?2, 'pending', NULL, ?3
     WHERE (SELECT COUNT(*) FROM card_tokenisations WHERE ${COUNTED}) < ?5`,
  )
    .bind(a.id, a.customerId, a.now, windowMs, perWindow)
    .run();
  return res.meta.changes === 1;
};

/** When the `n`-th newest counted attempt in the window was made (null with fewer). */
export const nthNewestTokenisationAt = async (env: Cloudflare.Env, customerId: string, now: number, windowMs: number, n: number) => {
  const row = await env.DB.prepare(
    `SELECT created_at FROM card_tokenisations WHERE ${COUNTED}
     ORDER BY created_at DESC LIMIT 1 OFFSET ?1`,
  )
    .bind(n - 1, customerId, now, windowMs)
    .first<{ created_at: number }>();
  return row?.created_at ?? null;
};

export const finishTokenisation = async (
  env: Cloudflare.Env,
  id: string,
  outcome: TokenisationOutcome,
  declineCode: string | null = null,
) => {
  await env.DB.prepare(`UPDATE card_tokenisations SET outcome = ?2, decline_code = ?3 WHERE id = ?1`).bind(id, outcome, declineCode).run();
};

export interface TokenisationAttempt {
  id: string;
  outcome: TokenisationOutcome;
  declineCode: string | null;
  createdAt: number;
}

/** A customer's most recent card-save attempts, newest first: what support reads to explain a decline. */
export const recentTokenisations = async (env: Cloudflare.Env, customerId: string, limit: number): Promise<TokenisationAttempt[]> => {
  const rows = await env.DB.prepare(
    `SELECT id, outcome, decline_code, created_at FROM card_tokenisations WHERE customer_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  )
    .bind(customerId, limit)
    .all<{ id: string; outcome: TokenisationOutcome; decline_code: string | null; created_at: number }>();
  return rows.results.map((r) => ({ id: r.id, outcome: r.outcome, declineCode: r.decline_code, createdAt: r.created_at }));
};
