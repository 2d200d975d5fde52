// Idempotency-Key storage for POST /orders: a race-safe claim (INSERT ... ON CONFLICT DO NOTHING,
// then conditional re-claims), the completion statement that joins the order's own batch, and
// the release of a claim whose request failed. Storage only: decisions are in idempotency.ts.
import { DomainError } from "../shared/errors";
import { decideOnExistingKey, IDEMPOTENCY_TTL_MS, LOCK_MS, type StoredKey } from "./idempotency";

export type Claim = { kind: "claimed" } | { kind: "replay"; status: number; body: string };

type Row = { request_hash: string; state: "in_flight" | "done"; locked_until: number; response_status: number | null; response_body: string | null; expires_at: number };

const toStored = (r: Row): StoredKey => ({
  requestHash: r.request_hash, state: r.state, lockedUntil: r.locked_until, responseStatus: r.response_status, responseBody: r.response_body, expiresAt: r.expires_at,
});

export const claimKey = async (env: Cloudflare.Env, customerId: string, key: string, requestHash: string, now: number, tries = 0): Promise<Claim> => {
  if (tries > 3) throw new DomainError("conflict", "idempotency_in_flight", "A request with this Idempotency-Key is still being processed: retry shortly.", { retryAfter: 1 });
  const inserted = await env.DB.prepare(
    `INSERT INTO idempotency_keys (customer_id, key, request_hash, state, locked_until, created_at, expires_at)
     VALUES (?, ?, ?, 'in_flight', ?, ?, ?) ON CONFLICT(customer_id, key) DO NOTHING RETURNING key`,
  )
    .bind(customerId, key, requestHash, now + LOCK_MS, now, now + IDEMPOTENCY_TTL_MS)
    .first();
  if (inserted) return { kind: "claimed" };
  const row = await env.DB.prepare(`SELECT * FROM idempotency_keys WHERE customer_id = ? AND key = ?`).bind(customerId, key).first<Row>();
  if (!row) return claimKey(env, customerId, key, requestHash, now, tries + 1); // purged in between: claim afresh
  const decision = decideOnExistingKey(toStored(row), requestHash, now);
  if (decision.kind === "replay") return decision;
  // Take over a lapsed or expired claim only if nobody else did first (the row is unchanged).
  const retaken = await env.DB.prepare(
    `UPDATE idempotency_keys SET request_hash = ?, state = 'in_flight', locked_until = ?, response_status = NULL, response_body = NULL,
       created_at = ?, expires_at = ?
     WHERE customer_id = ? AND key = ? AND locked_until = ? AND expires_at = ? AND state = ? RETURNING key`,
  )
    .bind(requestHash, now + LOCK_MS, now, now + IDEMPOTENCY_TTL_MS, customerId, key, row.locked_until, row.expires_at, row.state)
    .first();
  if (retaken) return { kind: "claimed" };
  return claimKey(env, customerId, key, requestHash, now, tries + 1);
};

/** Joins the order's batch: the key answers this response from now on. */
export const completeKeyStatement = (env: Cloudflare.Env, customerId: string, key: string, status: number, body: unknown) =>
  env.DB.prepare(`UPDATE idempotency_keys SET state = 'done', response_status = ?, response_body = ? WHERE customer_id = ? AND key = ?`).bind(
    status, JSON.stringify(body), customerId, key,
  );

/** A request that failed before creating anything gives its key back, so a corrected retry may use it. */
export const releaseKey = (env: Cloudflare.Env, customerId: string, key: string) =>
  env.DB.prepare(`DELETE FROM idempotency_keys WHERE customer_id = ? AND key = ? AND state = 'in_flight'`).bind(customerId, key).run();

/** Cron: keys past their 24 h are forgotten. */
export const purgeExpiredKeys = async (env: Cloudflare.Env, now: number): Promise<number> =>
  (await env.DB.prepare(`DELETE FROM idempotency_keys WHERE expires_at <= ?`).bind(now).run()).meta.changes ?? 0;
