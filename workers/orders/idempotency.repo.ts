// Idempotency-Key storage for POST /orders: a race-safe claim (INSERT ... ON CONFLICT DO NOTHING,
// then conditional re-claims), the completion statement and the guard that join the order's own
// batch, and the release of a claim whose request failed. Each claim carries a random token and
// every write after the claim is conditional on the row still holding it: a request that stalled
// past LOCK_MS, and lost its claim to a retry, writes nothing. Storage only: decisions are in
// idempotency.ts.
import { DomainError } from "../shared/errors";
import { decideOnExistingKey, IDEMPOTENCY_TTL_MS, LOCK_MS, type StoredKey } from "./idempotency";

/** A claim this request holds: only its token's holder may complete or release the key. */
export interface HeldKey {
  customerId: string;
  key: string;
  token: string;
}

export type Claim = { kind: "claimed"; held: HeldKey } | { kind: "replay"; status: number; body: string };

const newToken = () => crypto.randomUUID();

const inFlight = (retryAfter: number) =>
  new DomainError("conflict", "idempotency_in_flight", "A request with this Idempotency-Key is still being processed: retry shortly.", {
    retryAfter,
  });

type Row = {
  request_hash: string;
  state: "in_flight" | "done";
  locked_until: number;
  token: string | null;
  response_status: number | null;
  response_body: string | null;
  expires_at: number;
};

const toStored = (r: Row): StoredKey => ({
  requestHash: r.request_hash,
  state: r.state,
  lockedUntil: r.locked_until,
  responseStatus: r.response_status,
  responseBody: r.response_body,
  expiresAt: r.expires_at,
});

export const claimKey = async (
  env: Cloudflare.Env,
  customerId: string,
  key: string,
  requestHash: string,
  now: number,
  tries = 0,
): Promise<Claim> => {
  if (tries > 3) throw inFlight(1);
  const held: HeldKey = { customerId, key, token: newToken() };
  const inserted = await env.DB.prepare(
    `INSERT INTO idempotency_keys (customer_id, key, request_hash, state, locked_until, token, created_at, expires_at)
     VALUES (?, ?, ?, 'in_flight', ?, ?, ?, ?) ON CONFLICT(customer_id, key) DO NOTHING RETURNING key`,
  )
    .bind(customerId, key, requestHash, now + LOCK_MS, held.token, now, now + IDEMPOTENCY_TTL_MS)
    .first();
  if (inserted) return { kind: "claimed", held };
  const row = await env.DB.prepare(`SELECT * FROM idempotency_keys WHERE customer_id = ? AND key = ?`).bind(customerId, key).first<Row>();
  if (!row) return claimKey(env, customerId, key, requestHash, now, tries + 1); // purged in between: claim afresh
  const decision = decideOnExistingKey(toStored(row), requestHash, now);
  if (decision.kind === "replay") return decision;
  // Take over a lapsed or expired claim only if nobody else did first (the row is unchanged).
  const retaken = await env.DB.prepare(
    `UPDATE idempotency_keys SET request_hash = ?, state = 'in_flight', locked_until = ?, token = ?, response_status = NULL, response_body = NULL,
       created_at = ?, expires_at = ?
     WHERE customer_id = ? AND key = ? AND locked_until = ? AND expires_at = ? AND state = ? AND token IS ? RETURNING key`,
  )
    .bind(
      requestHash,
      now + LOCK_MS,
      held.token,
      now,
      now + IDEMPOTENCY_TTL_MS,
      customerId,
      key,
      row.locked_until,
      row.expires_at,
      row.state,
      row.token,
    )
    .first();
  if (retaken) return { kind: "claimed", held };
  return claimKey(env, customerId, key, requestHash, now, tries + 1);
};

/**
 * Joins the order's batch as its FIRST statement: the key answers this response from now on, if
 * this request still holds the claim. Its `changes` (0 or 1) tell whether the batch wrote anything.
 */
export const completeKeyStatement = (db: D1Database, held: HeldKey, status: number, body: unknown) =>
  db
    .prepare(
      `UPDATE idempotency_keys SET state = 'done', response_status = ?, response_body = ? WHERE customer_id = ? AND key = ? AND token = ? AND state = 'in_flight'`,
    )
    .bind(status, JSON.stringify(body), held.customerId, held.key, held.token);

/**
 * The condition every other write of the order's batch carries (INSERT ... SELECT ... WHERE it):
 * the key row still holds this request's token. A batch is one transaction, so either the
 * completion and all the inserts happen, or none does.
 */
export const stillHeld = (held: HeldKey): { sql: string; params: unknown[] } => ({
  sql: `EXISTS (SELECT 1 FROM idempotency_keys WHERE customer_id = ? AND key = ? AND token = ?)`,
  params: [held.customerId, held.key, held.token],
});

/** A request that failed before creating anything gives its key back (if still its own), so a corrected retry may use it. */
export const releaseKey = (env: Cloudflare.Env, held: HeldKey) =>
  env.DB.prepare(`DELETE FROM idempotency_keys WHERE customer_id = ? AND key = ? AND token = ? AND state = 'in_flight'`)
    .bind(held.customerId, held.key, held.token)
    .run();

/**
 * The answer for a request whose claim was taken over while it worked (it created nothing): the
 * stored response of the request that won, or 409 while that one is still in flight.
 */
export const answerForLostClaim = async (
  env: Cloudflare.Env,
  held: HeldKey,
  requestHash: string,
  now: number,
): Promise<{ status: number; body: string }> => {
  const row = await env.DB.prepare(`SELECT * FROM idempotency_keys WHERE customer_id = ? AND key = ?`)
    .bind(held.customerId, held.key)
    .first<Row>();
  if (!row) throw inFlight(1);
  const decision = decideOnExistingKey(toStored(row), requestHash, now);
  if (decision.kind === "replay") return decision;
  throw inFlight(1);
};

/** Cron: keys past their 24 h are forgotten. */
export const purgeExpiredKeys = async (env: Cloudflare.Env, now: number): Promise<number> =>
  (await env.DB.prepare(`DELETE FROM idempotency_keys WHERE expires_at <= ?`).bind(now).run()).meta.changes ?? 0;
