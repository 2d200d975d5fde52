// The sandbox payment gateway: a card processor's test mode backed by D1 (tokens, charges and
// operations, all idempotent by key), with injectable faults to rehearse outages and lost answers.
import { checkCard, isExpired, SAVE_DECLINES } from "./cards";
import type { Charge, GatewayError, GatewayResult, PaymentGateway } from "./gateway";
import {
  applyOperation,
  findCard,
  findCharge,
  findChargeByKey,
  findOperation,
  insertCard,
  insertChargeOnce,
  type OperationKind,
  type StoredCharge,
} from "./sandbox.repo";

export interface SandboxOptions {
  /** 0..1: a call fails with a retryable gateway_error before doing anything. */
  errorRate?: number;
  /** 0..1: a call does its work, then answers a retryable timeout (the answer was lost). */
  timeoutRate?: number;
  /** Delay added to every call. */
  latencyMs?: number;
  /** The dice for the fault rates; inject for deterministic tests. */
  random?: () => number;
}

const MAX_LATENCY_MS = 30_000;

/** A rate from a wrangler var; anything that is not a number in 0..1 means "no faults". */
export const parseRate = (v: unknown): number => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : 0;
};

export const parseLatency = (v: unknown): number => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), MAX_LATENCY_MS) : 0;
};

const fail = (code: GatewayError["code"], message: string, retryable = false): { ok: false; error: GatewayError } => ({
  ok: false,
  error: { code, message, retryable },
});
const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const randomId = (prefix: string) => `${prefix}${crypto.randomUUID().replaceAll("-", "")}`;

/** The public charge: what the contract promises, without the key and token we keep for replays. */
const publicCharge = ({ idempotencyKey: _k, token: _t, ...c }: StoredCharge): Charge => c;

const DECLINES = new Set(["card_declined", "insufficient_funds", "expired_card"]);

/** A stored charge as the answer to its authorisation: a recorded decline stays a decline. */
const authorisation = (c: StoredCharge): GatewayResult<Charge> =>
  c.status === "declined"
    ? fail(DECLINES.has(c.declineCode ?? "") ? (c.declineCode as GatewayError["code"]) : "card_declined", "The card was declined.")
    : ok(publicCharge(c));

const mismatch = () => fail("idempotency_mismatch", "This idempotency key was used for a different request.");
const notFound = (id: string) => fail("charge_not_found", `No charge ${id}.`);
const isChargeable = (n: number) => Number.isSafeInteger(n) && n > 0;
const assertAmount = (n: number, what: string) => {
  // A caller bug, not an outcome: amounts come from priced orders.
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`${what} must be a positive integer of minor units, got ${n}`);
};

export const createSandboxGateway = (env: Cloudflare.Env, opts: SandboxOptions = {}): PaymentGateway => {
  const errorRate = opts.errorRate ?? parseRate(env.PAYMENT_FAULT_ERROR_RATE);
  const timeoutRate = opts.timeoutRate ?? parseRate(env.PAYMENT_FAULT_TIMEOUT_RATE);
  const latencyMs = opts.latencyMs ?? parseLatency(env.PAYMENT_LATENCY_MS);
  const random = opts.random ?? Math.random;

  const delay = () => (latencyMs > 0 ? new Promise((r) => setTimeout(r, latencyMs)) : undefined);

  /** Wraps a call in the injected faults: an error before the work, a lost answer after it. */
  const faulty = async <T>(work: () => Promise<GatewayResult<T>>): Promise<GatewayResult<T>> => {
    await delay();
    if (errorRate > 0 && random() < errorRate) return fail("gateway_error", "The payment processor had an error; retry.", true);
    const result = await work();
    if (timeoutRate > 0 && random() < timeoutRate)
      return fail("timeout", "The payment processor did not answer in time; retry with the same key.", true);
    return result;
  };

  /** Capture, void and refund: one move per key; a repeated key answers the charge as it is now. */
  const operate = async (
    kind: OperationKind,
    key: string,
    chargeId: string,
    now: number,
    amountMinor?: number,
  ): Promise<GatewayResult<Charge>> => {
    if (amountMinor !== undefined) assertAmount(amountMinor, "A refund amount");
    // Twice at most: a second pass sees whatever a concurrent call did, and states only move forward.
    for (let attempt = 0; attempt < 2; attempt++) {
      const prior = await findOperation(env, key);
      if (prior) {
        const same = prior.chargeId === chargeId && prior.kind === kind && (amountMinor === undefined || amountMinor === prior.amountMinor);
        if (!same) return mismatch();
        const charge = await findCharge(env, chargeId);
        return charge ? ok(publicCharge(charge)) : notFound(chargeId);
      }
      const charge = await findCharge(env, chargeId);
      if (!charge) return notFound(chargeId);
      let amount = charge.amountMinor;
      if (kind === "capture" || kind === "void") {
        const done = kind === "capture" ? "captured" : "voided";
        if (charge.status === done) return ok(publicCharge(charge)); // already there: nothing to move
        if (charge.status !== "authorized") return fail("invalid_state", `A ${charge.status} charge cannot be ${done}.`);
      } else {
        const remaining = charge.capturedMinor - charge.refundedMinor;
        amount = amountMinor ?? remaining;
        if (charge.status !== "captured" || remaining <= 0) return fail("invalid_state", `A ${charge.status} charge cannot be refunded.`);
        if (amount > remaining) return fail("invalid_state", `Only ${remaining} of the charge is left to refund.`);
      }
      const moved = await applyOperation(env, { idempotencyKey: key, chargeId, kind, amountMinor: amount }, now);
      if (moved) return ok(publicCharge(moved));
    }
    return fail("gateway_error", "The charge changed while this call ran; retry with the same key.", true);
  };

  return {
    tokenize: (card, now) =>
      faulty(async () => {
        const check = checkCard(card, now);
        if (!check.ok) return fail(check.code, check.message);
        if (SAVE_DECLINES.has(check.behaviour))
          return {
            ok: false,
            error: { code: "card_declined", message: "The card was declined.", retryable: false, declineCode: check.behaviour },
          };
        const stored = {
          token: randomId("tok_"),
          brand: check.brand,
          last4: check.last4,
          expMonth: card.expMonth,
          expYear: card.expYear,
          behaviour: check.behaviour,
        };
        await insertCard(env, stored, now);
        return ok({ token: stored.token, brand: stored.brand, last4: stored.last4, expMonth: stored.expMonth, expYear: stored.expYear });
      }),

    authorize: (req, now) =>
      faulty(async () => {
        // Refused as a processor refuses it (final), so the saga can end the order instead of retrying.
        if (!isChargeable(req.amountMinor))
          return fail("invalid_amount", `An authorisation must be a positive whole number of minor units, got ${req.amountMinor}.`);
        if (!/^[A-Z]{3}$/.test(req.currency)) throw new RangeError(`currency must be an ISO 4217 code, got ${req.currency}`);
        const same = (c: StoredCharge) => c.token === req.token && c.amountMinor === req.amountMinor && c.currency === req.currency;
        const prior = await findChargeByKey(env, req.idempotencyKey);
        if (prior) return same(prior) ? authorisation(prior) : mismatch();

        const card = await findCard(env, req.token);
        if (!card) return fail("invalid_card", "Unknown card token.");
        // These two never reach a decision, so there is nothing to record (a retry tries again).
        if (card.behaviour === "timeout")
          return fail("timeout", "The payment processor did not answer in time; retry with the same key.", true);
        if (card.behaviour === "processing_error") return fail("gateway_error", "The payment processor had an error; retry.", true);

        const declineCode =
          card.behaviour !== "succeed" ? card.behaviour : isExpired(card.expMonth, card.expYear, now) ? "expired_card" : null;
        const { charge } = await insertChargeOnce(
          env,
          {
            id: randomId("ch_"),
            idempotencyKey: req.idempotencyKey,
            token: req.token,
            orderId: req.orderId,
            amountMinor: req.amountMinor,
            currency: req.currency,
            status: declineCode ? "declined" : "authorized",
            declineCode,
          },
          now,
        );
        // Lost a race to a concurrent call with the same key: answer its charge, if it was this request.
        return same(charge) ? authorisation(charge) : mismatch();
      }),

    capture: (req, now) => faulty(() => operate("capture", req.idempotencyKey, req.chargeId, now)),
    void: (req, now) => faulty(() => operate("void", req.idempotencyKey, req.chargeId, now)),
    refund: (req, now) => faulty(() => operate("refund", req.idempotencyKey, req.chargeId, now, req.amountMinor)),

    retrieve: async (chargeId) => {
      await delay();
      const charge = await findCharge(env, chargeId);
      return charge && publicCharge(charge);
    },

    findByIdempotencyKey: async (key) => {
      await delay();
      const charge = await findChargeByKey(env, key);
      return charge && publicCharge(charge);
    },
  };
};
