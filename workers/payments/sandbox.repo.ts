// D1 storage of the sandbox gateway's records: card tokens, charges (one per idempotency key) and
// the capture/void/refund operations. D1 has no interactive transactions, so every check that
// guards a write is part of the write's own SQL (ON CONFLICT, conditional UPDATE, one batch).
import type { Charge, ChargeStatus } from "./gateway";
import type { Behaviour } from "./cards";

export interface StoredCard {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  behaviour: Behaviour;
}

/** A charge with what an idempotent replay is compared against. */
export interface StoredCharge extends Charge {
  idempotencyKey: string;
  token: string;
}

export type OperationKind = "capture" | "void" | "refund";

export interface StoredOperation {
  idempotencyKey: string;
  chargeId: string;
  kind: OperationKind;
  amountMinor: number;
}

type ChargeRow = {
  id: string;
  idempotency_key: string;
  token: string;
  order_id: string | null;
  amount_minor: number;
  currency: string;
  status: ChargeStatus;
  decline_code: string | null;
  captured_minor: number;
  refunded_minor: number;
};

const toCharge = (r: ChargeRow): StoredCharge => ({
  id: r.id,
  orderId: r.order_id,
  status: r.status,
  amountMinor: r.amount_minor,
  currency: r.currency,
  capturedMinor: r.captured_minor,
  refundedMinor: r.refunded_minor,
  declineCode: r.decline_code,
  idempotencyKey: r.idempotency_key,
  token: r.token,
});

export const insertCard = async (env: Cloudflare.Env, c: StoredCard, now: number): Promise<void> => {
  await env.DB.prepare(
    "INSERT INTO gateway_cards (token, brand, last4, exp_month, exp_year, behaviour, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(c.token, c.brand, c.last4, c.expMonth, c.expYear, c.behaviour, now)
    .run();
};

export const findCard = async (env: Cloudflare.Env, token: string): Promise<StoredCard | null> => {
  const r = await env.DB.prepare("SELECT * FROM gateway_cards WHERE token = ?")
    .bind(token)
    .first<{ token: string; brand: string; last4: string; exp_month: number; exp_year: number; behaviour: Behaviour }>();
  return r && { token: r.token, brand: r.brand, last4: r.last4, expMonth: r.exp_month, expYear: r.exp_year, behaviour: r.behaviour };
};

export const findCharge = async (env: Cloudflare.Env, id: string): Promise<StoredCharge | null> => {
  const r = await env.DB.prepare("SELECT * FROM gateway_charges WHERE id = ?").bind(id).first<ChargeRow>();
  return r && toCharge(r);
};

export const findChargeByKey = async (env: Cloudflare.Env, key: string): Promise<StoredCharge | null> => {
  const r = await env.DB.prepare("SELECT * FROM gateway_charges WHERE idempotency_key = ?").bind(key).first<ChargeRow>();
  return r && toCharge(r);
};

export type NewCharge = Omit<StoredCharge, "capturedMinor" | "refundedMinor">;

/**
 * Records the charge unless its idempotency key already has one; either way answers the charge
 * stored under the key, and whether this call created it. Concurrent calls with one key: one wins.
 */
export const insertChargeOnce = async (
  env: Cloudflare.Env,
  c: NewCharge,
  now: number,
): Promise<{ charge: StoredCharge; created: boolean }> => {
  const inserted = await env.DB.prepare(
    `INSERT INTO gateway_charges (id, idempotency_key, token, order_id, amount_minor, currency, status, decline_code, captured_minor, refunded_minor, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?) ON CONFLICT(idempotency_key) DO NOTHING RETURNING *`,
  )
    .bind(c.id, c.idempotencyKey, c.token, c.orderId, c.amountMinor, c.currency, c.status, c.declineCode, now, now)
    .first<ChargeRow>();
  if (inserted) return { charge: toCharge(inserted), created: true };
  const existing = await findChargeByKey(env, c.idempotencyKey);
  if (!existing) throw new Error(`gateway charge for key ${c.idempotencyKey} neither inserted nor found`);
  return { charge: existing, created: false };
};

export const findOperation = async (env: Cloudflare.Env, key: string): Promise<StoredOperation | null> => {
  const r = await env.DB.prepare("SELECT * FROM gateway_operations WHERE idempotency_key = ?")
    .bind(key)
    .first<{ idempotency_key: string; charge_id: string; kind: OperationKind; amount_minor: number }>();
  return r && { idempotencyKey: r.idempotency_key, chargeId: r.charge_id, kind: r.kind, amountMinor: r.amount_minor };
};

// Each move: the charge columns it sets and the state it must start from. `?4` is the amount.
const MOVES: Record<OperationKind, { set: string; from: string }> = {
  capture: { set: "status = 'captured', captured_minor = amount_minor", from: "status = 'authorized'" },
  void: { set: "status = 'voided'", from: "status = 'authorized'" },
  refund: {
    set: "refunded_minor = refunded_minor + ?4, status = CASE WHEN refunded_minor + ?4 >= captured_minor THEN 'refunded' ELSE status END",
    from: "status = 'captured' AND ?4 > 0 AND refunded_minor + ?4 <= captured_minor",
  },
};

/**
 * Moves the charge and records the operation under its key, atomically (one batch): the charge
 * moves only from the expected state and only if the key is unused, and the operation row is
 * written only when the charge moved (`changes()` is the UPDATE's count). Null when nothing moved.
 */
export const applyOperation = async (env: Cloudflare.Env, op: StoredOperation, now: number): Promise<StoredCharge | null> => {
  const move = MOVES[op.kind];
  const update = env.DB.prepare(
    `UPDATE gateway_charges SET ${move.set}, updated_at = ?1 WHERE id = ?2 AND ${move.from}
     AND NOT EXISTS (SELECT 1 FROM gateway_operations WHERE idempotency_key = ?3) RETURNING *`,
  );
  const record = env.DB.prepare(
    `INSERT INTO gateway_operations (idempotency_key, charge_id, kind, amount_minor, created_at)
     SELECT ?3, ?2, ?4, ?5, ?1 WHERE changes() = 1 ON CONFLICT(idempotency_key) DO NOTHING`,
  ).bind(now, op.chargeId, op.idempotencyKey, op.kind, op.amountMinor);
  const [moved] = await env.DB.batch<ChargeRow>([
    op.kind === "refund"
      ? update.bind(now, op.chargeId, op.idempotencyKey, op.amountMinor)
      : update.bind(now, op.chargeId, op.idempotencyKey),
    record,
  ]);
  const row = moved?.results[0];
  return row ? toCharge(row) : null;
};
