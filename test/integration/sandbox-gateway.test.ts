// The sandbox payment gateway against real D1: tokens without numbers, idempotent authorise /
// capture / void / refund, recorded declines, the test cards, injected faults, and concurrent
// calls under one key (one charge, money moved once).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEST_CARDS, type Behaviour } from "../../workers/payments/cards";
import type { CardInput, GatewayResult } from "../../workers/payments/gateway";
import { paymentGateway } from "../../workers/payments/gateway-factory";
import { createSandboxGateway, type SandboxOptions } from "../../workers/payments/sandbox-gateway";
import { DomainError } from "../../workers/shared/errors";

const now = Date.now();
const expYear = new Date(now).getUTCFullYear() + 2;
const gw = createSandboxGateway(env, { errorRate: 0, timeoutRate: 0, latencyMs: 0 });
const numberFor = (b: Behaviour) => TEST_CARDS.find((c) => c.behaviour === b)!.number;
const card = (number = numberFor("succeed")): CardInput => ({ number, expMonth: 12, expYear, cvc: "123" });
const key = (what: string) => `test:${crypto.randomUUID()}:${what}`;
const orderId = () => `112-${crypto.randomUUID().slice(0, 7)}`;

const value = <T>(r: GatewayResult<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
};
const errorOf = <T>(r: GatewayResult<T>) => {
  if (r.ok) throw new Error("expected an error, got ok");
  return r.error;
};

const tokenFor = async (number?: string) => value(await gw.tokenize(card(number), now)).token;
const chargeRows = async (idempotencyKey: string) =>
  (await env.DB.prepare("SELECT * FROM gateway_charges WHERE idempotency_key = ?").bind(idempotencyKey).all()).results;
const operationRows = async (chargeId: string) =>
  (
    await env.DB.prepare("SELECT * FROM gateway_operations WHERE charge_id = ?")
      .bind(chargeId)
      .all<{ kind: string; amount_minor: number }>()
  ).results;

const authorised = async (amountMinor = 5000) => {
  const k = key("authorize");
  const charge = value(
    await gw.authorize({ idempotencyKey: k, token: await tokenFor(), amountMinor, currency: "USD", orderId: orderId() }, now),
  );
  return { key: k, charge };
};
const captured = async (amountMinor = 5000) => {
  const { charge } = await authorised(amountMinor);
  return value(await gw.capture({ idempotencyKey: key("capture"), chargeId: charge.id }, now));
};

describe("tokenize", () => {
  it("answers a token with brand, last 4 and expiry, and stores no number or CVC", async () => {
    const t = value(await gw.tokenize({ number: "5555555555554444", expMonth: 3, expYear, cvc: "987" }, now));
    expect(t).toMatchObject({ brand: "mastercard", last4: "4444", expMonth: 3, expYear });
    expect(t.token).toMatch(/^tok_/);
    const row = await env.DB.prepare("SELECT * FROM gateway_cards WHERE token = ?").bind(t.token).first();
    expect(row).toMatchObject({ brand: "mastercard", last4: "4444", behaviour: "succeed" });
    expect(JSON.stringify(row)).not.toContain("5555555555554444");
    expect(Object.values(row!)).not.toContain("987");
  });

  it("refuses a bad checksum as invalid_card and a past expiry as expired_card, storing nothing", async () => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM gateway_cards").first<{ n: number }>();
    expect(errorOf(await gw.tokenize(card("4242424242424241"), now))).toMatchObject({ code: "invalid_card", retryable: false });
    const lastYear = new Date(now).getUTCFullYear() - 1;
    expect(errorOf(await gw.tokenize({ ...card(), expYear: lastYear }, now))).toMatchObject({ code: "expired_card", retryable: false });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM gateway_cards").first<{ n: number }>()).toEqual(before);
  });
});

describe("authorize", () => {
  it("records one authorised charge per key and answers it again on a retry", async () => {
    const req = { idempotencyKey: key("a"), token: await tokenFor(), amountMinor: 1234, currency: "USD", orderId: orderId() };
    const first = value(await gw.authorize(req, now));
    expect(first).toMatchObject({
      status: "authorized",
      amountMinor: 1234,
      currency: "USD",
      capturedMinor: 0,
      refundedMinor: 0,
      orderId: req.orderId,
      declineCode: null,
    });
    expect(first.id).toMatch(/^ch_/);
    expect(value(await gw.authorize(req, now))).toEqual(first);
    expect(await chargeRows(req.idempotencyKey)).toHaveLength(1);
    expect(await gw.retrieve(first.id)).toEqual(first);
  });

  it("refuses the same key for another amount, currency or card with idempotency_mismatch", async () => {
    const req = { idempotencyKey: key("m"), token: await tokenFor(), amountMinor: 700, currency: "USD", orderId: orderId() };
    value(await gw.authorize(req, now));
    for (const other of [{ amountMinor: 701 }, { currency: "EUR" }, { token: await tokenFor() }]) {
      expect(errorOf(await gw.authorize({ ...req, ...other }, now)), JSON.stringify(other)).toMatchObject({
        code: "idempotency_mismatch",
        retryable: false,
      });
    }
    expect(await chargeRows(req.idempotencyKey)).toHaveLength(1);
  });

  it.each(["card_declined", "insufficient_funds", "expired_card"] as const)("records a %s decline and answers it again", async (code) => {
    const req = {
      idempotencyKey: key(code),
      token: await tokenFor(numberFor(code)),
      amountMinor: 900,
      currency: "USD",
      orderId: orderId(),
    };
    expect(errorOf(await gw.authorize(req, now))).toMatchObject({ code, retryable: false });
    expect(errorOf(await gw.authorize(req, now))).toMatchObject({ code, retryable: false });
    const rows = await chargeRows(req.idempotencyKey);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "declined", decline_code: code, order_id: req.orderId });
  });

  it("declines a succeed card whose expiry has passed since it was saved", async () => {
    const token = await tokenFor();
    const later = Date.UTC(expYear + 1, 0, 1);
    const req = { idempotencyKey: key("late"), token, amountMinor: 900, currency: "USD", orderId: orderId() };
    expect(errorOf(await gw.authorize(req, later))).toMatchObject({ code: "expired_card", retryable: false });
  });

  it.each([
    ["timeout", "timeout"],
    ["processing_error", "gateway_error"],
  ] as const)("the %s test card answers a retryable %s every time and records nothing", async (behaviour, code) => {
    const req = {
      idempotencyKey: key(behaviour),
      token: await tokenFor(numberFor(behaviour)),
      amountMinor: 900,
      currency: "USD",
      orderId: orderId(),
    };
    for (let i = 0; i < 3; i++) expect(errorOf(await gw.authorize(req, now))).toMatchObject({ code, retryable: true });
    expect(await chargeRows(req.idempotencyKey)).toHaveLength(0);
  });

  it("answers invalid_card for an unknown token", async () => {
    const req = { idempotencyKey: key("unknown"), token: "tok_unknown", amountMinor: 900, currency: "USD", orderId: orderId() };
    expect(errorOf(await gw.authorize(req, now))).toMatchObject({ code: "invalid_card", retryable: false });
  });

  it("refuses an amount of 0, below 0 or not whole as invalid_amount (final, not retryable), recording nothing", async () => {
    const token = await tokenFor();
    for (const amountMinor of [0, -100, 12.5]) {
      const req = { idempotencyKey: key(`amount-${amountMinor}`), token, amountMinor, currency: "USD", orderId: orderId() };
      expect(errorOf(await gw.authorize(req, now))).toMatchObject({ code: "invalid_amount", retryable: false });
      expect(await chargeRows(req.idempotencyKey)).toHaveLength(0);
    }
  });

  it("makes exactly one charge from 20 concurrent calls with one key", async () => {
    const req = { idempotencyKey: key("race"), token: await tokenFor(), amountMinor: 2500, currency: "USD", orderId: orderId() };
    const results = await Promise.all(Array.from({ length: 20 }, () => gw.authorize(req, now)));
    const ids = new Set(results.map((r) => value(r).id));
    expect(ids.size).toBe(1);
    expect(await chargeRows(req.idempotencyKey)).toHaveLength(1);
  });
});

describe("capture, void and refund", () => {
  it("captures the full amount once; a repeated key or a second capture answers it unchanged", async () => {
    const { charge } = await authorised(4200);
    const req = { idempotencyKey: key("capture"), chargeId: charge.id };
    const c = value(await gw.capture(req, now));
    expect(c).toMatchObject({ id: charge.id, status: "captured", capturedMinor: 4200 });
    expect(value(await gw.capture(req, now))).toEqual(c);
    expect(value(await gw.capture({ ...req, idempotencyKey: key("capture-again") }, now))).toEqual(c);
    expect((await operationRows(charge.id)).filter((o) => o.kind === "capture")).toHaveLength(1);
  });

  it("voids an authorisation, which then cannot be captured", async () => {
    const { charge } = await authorised();
    const req = { idempotencyKey: key("void"), chargeId: charge.id };
    expect(value(await gw.void(req, now))).toMatchObject({ status: "voided", capturedMinor: 0 });
    expect(value(await gw.void(req, now))).toMatchObject({ status: "voided" });
    expect(errorOf(await gw.capture({ idempotencyKey: key("capture"), chargeId: charge.id }, now))).toMatchObject({
      code: "invalid_state",
      retryable: false,
    });
    expect(errorOf(await gw.refund({ idempotencyKey: key("refund"), chargeId: charge.id }, now))).toMatchObject({ code: "invalid_state" });
  });

  it("refuses to void a captured charge or refund an uncaptured one", async () => {
    const c = await captured();
    expect(errorOf(await gw.void({ idempotencyKey: key("void"), chargeId: c.id }, now))).toMatchObject({ code: "invalid_state" });
    const { charge } = await authorised();
    expect(errorOf(await gw.refund({ idempotencyKey: key("refund"), chargeId: charge.id }, now))).toMatchObject({ code: "invalid_state" });
  });

  it("refunds part, then the remainder; a repeated key never refunds twice; over-refunds are refused", async () => {
    const c = await captured(1000);
    const part = { idempotencyKey: key("refund-part"), chargeId: c.id, amountMinor: 300 };
    expect(value(await gw.refund(part, now))).toMatchObject({ status: "captured", refundedMinor: 300 });
    expect(value(await gw.refund(part, now))).toMatchObject({ status: "captured", refundedMinor: 300 });
    expect(errorOf(await gw.refund({ ...part, amountMinor: 301 }, now))).toMatchObject({ code: "idempotency_mismatch" });
    expect(errorOf(await gw.refund({ idempotencyKey: key("too-much"), chargeId: c.id, amountMinor: 701 }, now))).toMatchObject({
      code: "invalid_state",
    });
    const rest = { idempotencyKey: key("refund-rest"), chargeId: c.id };
    expect(value(await gw.refund(rest, now))).toMatchObject({ status: "refunded", refundedMinor: 1000, capturedMinor: 1000 });
    expect(value(await gw.refund(rest, now))).toMatchObject({ status: "refunded", refundedMinor: 1000 });
    expect(errorOf(await gw.refund({ idempotencyKey: key("after"), chargeId: c.id, amountMinor: 1 }, now))).toMatchObject({
      code: "invalid_state",
    });
    expect(
      (await operationRows(c.id))
        .filter((o) => o.kind === "refund")
        .map((o) => o.amount_minor)
        .sort(),
    ).toEqual([300, 700]);
  });

  it("refuses a key reused for another charge or operation", async () => {
    const a = await captured();
    const b = await captured();
    const k = key("refund");
    value(await gw.refund({ idempotencyKey: k, chargeId: a.id, amountMinor: 10 }, now));
    expect(errorOf(await gw.refund({ idempotencyKey: k, chargeId: b.id, amountMinor: 10 }, now))).toMatchObject({
      code: "idempotency_mismatch",
    });
    expect(errorOf(await gw.capture({ idempotencyKey: k, chargeId: a.id }, now))).toMatchObject({ code: "idempotency_mismatch" });
  });

  it("answers charge_not_found for an unknown charge", async () => {
    for (const call of [gw.capture, gw.void, gw.refund]) {
      expect(errorOf(await call({ idempotencyKey: key("x"), chargeId: "ch_missing" }, now))).toMatchObject({
        code: "charge_not_found",
        retryable: false,
      });
    }
    expect(await gw.retrieve("ch_missing")).toBeNull();
  });

  it("moves money once under 20 concurrent refunds with one key, and 20 captures with different keys", async () => {
    const { charge } = await authorised(2000);
    const caps = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gw.capture({ idempotencyKey: key(`cap${i}`), chargeId: charge.id }, now)),
    );
    for (const r of caps) expect(value(r)).toMatchObject({ status: "captured", capturedMinor: 2000 });
    const req = { idempotencyKey: key("refund-race"), chargeId: charge.id, amountMinor: 150 };
    const refunds = await Promise.all(Array.from({ length: 20 }, () => gw.refund(req, now)));
    for (const r of refunds) expect(value(r).refundedMinor).toBe(150);
    expect((await gw.retrieve(charge.id))!.refundedMinor).toBe(150);
    const ops = await operationRows(charge.id);
    expect(ops.map((o) => o.kind).sort()).toEqual(["capture", "refund"]);
  });
});

describe("injected faults", () => {
  const faulty = (o: SandboxOptions) => createSandboxGateway(env, { errorRate: 0, timeoutRate: 0, latencyMs: 0, ...o });

  it("a lost answer (timeout rate 1) still records the charge; the retry finds it: one charge, one capture", async () => {
    const req = { idempotencyKey: key("lost"), token: await tokenFor(), amountMinor: 3300, currency: "USD", orderId: orderId() };
    expect(errorOf(await faulty({ timeoutRate: 1 }).authorize(req, now))).toMatchObject({ code: "timeout", retryable: true });
    expect(await chargeRows(req.idempotencyKey)).toHaveLength(1);
    const charge = value(await gw.authorize(req, now));
    expect(await chargeRows(req.idempotencyKey)).toHaveLength(1);

    const cap = { idempotencyKey: key("lost-capture"), chargeId: charge.id };
    expect(errorOf(await faulty({ timeoutRate: 1 }).capture(cap, now))).toMatchObject({ code: "timeout", retryable: true });
    expect(value(await gw.capture(cap, now))).toMatchObject({ status: "captured", capturedMinor: 3300 });
    expect(await operationRows(charge.id)).toHaveLength(1);
  });

  it("an injected error (error rate 1) fails before doing anything", async () => {
    const broken = faulty({ errorRate: 1 });
    const req = { idempotencyKey: key("err"), token: await tokenFor(), amountMinor: 100, currency: "USD", orderId: orderId() };
    expect(errorOf(await broken.authorize(req, now))).toMatchObject({ code: "gateway_error", retryable: true });
    expect(await chargeRows(req.idempotencyKey)).toHaveLength(0);
    const { charge } = await authorised();
    expect(errorOf(await broken.capture({ idempotencyKey: key("c"), chargeId: charge.id }, now))).toMatchObject({ code: "gateway_error" });
    expect(await gw.retrieve(charge.id)).toEqual(charge);
    expect(await operationRows(charge.id)).toHaveLength(0);
    const cards = await env.DB.prepare("SELECT COUNT(*) AS n FROM gateway_cards").first<{ n: number }>();
    expect(errorOf(await broken.tokenize(card(), now))).toMatchObject({ code: "gateway_error" });
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM gateway_cards").first<{ n: number }>()).toEqual(cards);
  });

  it("rolls the injected dice per call", async () => {
    const rolls = [0.9, 0.1];
    const half = faulty({ errorRate: 0.5, random: () => rolls.shift() ?? 0.9 });
    expect((await half.tokenize(card(), now)).ok).toBe(true);
    expect(errorOf(await half.tokenize(card(), now)).code).toBe("gateway_error");
  });

  it("reads the rates from env vars, treating bad values as no fault", async () => {
    const fromEnv = (vars: Partial<Cloudflare.Env>) => createSandboxGateway({ ...env, ...vars });
    expect(errorOf(await fromEnv({ PAYMENT_FAULT_ERROR_RATE: "1" }).tokenize(card(), now)).code).toBe("gateway_error");
    expect(errorOf(await fromEnv({ PAYMENT_FAULT_TIMEOUT_RATE: "1" }).tokenize(card(), now)).code).toBe("timeout");
    for (const bad of ["abc", "-1", "2", "", "NaN", "Infinity"]) {
      const g = fromEnv({ PAYMENT_FAULT_ERROR_RATE: bad, PAYMENT_FAULT_TIMEOUT_RATE: bad, PAYMENT_LATENCY_MS: bad });
      expect((await g.tokenize(card(), now)).ok, bad).toBe(true);
    }
  });

  it("adds the configured latency to each call", async () => {
    const started = Date.now();
    await faulty({ latencyMs: 60 }).retrieve("ch_missing");
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });
});

describe("paymentGateway", () => {
  it("builds the sandbox, and refuses an unknown PAYMENT_GATEWAY as misconfigured", async () => {
    expect((await paymentGateway(env).tokenize(card(), now)).ok).toBe(true);
    expect(() => paymentGateway({ ...env, PAYMENT_GATEWAY: "stripe" })).toThrowError(DomainError);
    try {
      paymentGateway({ ...env, PAYMENT_GATEWAY: "stripe" });
    } catch (e) {
      expect(e).toMatchObject({ type: "internal", code: "misconfigured" });
    }
  });
});
