// The payment-methods API through the Worker: save, list and delete cards, the gateway's refusals
// as 400s, a gateway outage as 503, the per-customer cap, who may call it, isolation between
// customers, and that no card number reaches D1 or the log.
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../workers/app";
import { luhnValid, TEST_CARDS } from "../../workers/payments/cards";
import { findPaymentMethod } from "../../workers/payments/payment-methods.repo";
import { MAX_SAVED_CARDS } from "../../workers/payments/routes";
import { CARD_SAVES } from "../../workers/payments/card-saves";
import { GENERIC_DECLINE } from "../../workers/payments/declines";
import { saveCard } from "../helpers/checkout";
import { type Account, api, authed, raw, register } from "../helpers/client";

const errorOf = async (res: { json(): Promise<unknown> }) => ((await res.json()) as { error: { type: string; code: string } }).error;
const expYear = new Date().getUTCFullYear() + 3;
const VISA = TEST_CARDS.find((c) => c.brand === "visa" && c.behaviour === "succeed")!.number;

/** A Luhn-valid visa number no other test uses, so scans for it cannot be fooled. */
const uniqueNumber = (): string => {
  const body = `4${String(crypto.getRandomValues(new Uint32Array(1))[0]).padStart(10, "0")}0000`;
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error("unreachable");
};
const grouped = (n: string) => n.replace(/(\d{4})(?=\d)/g, "$1 ");
const cardBody = (over: Record<string, unknown> = {}) => ({ number: VISA, exp_month: 12, exp_year: expYear, cvc: "123", ...over });

const save = (who: Account, over: Record<string, unknown> = {}) =>
  authed(who).api.v1["payment-methods"].$post({ json: cardBody(over) as never });
const list = async (who: Account) => {
  const res = await authed(who).api.v1["payment-methods"].$get();
  expect(res.status).toBe(200);
  return (await res.json()).items;
};
const remove = (who: Account, id: string) => authed(who).api.v1["payment-methods"][":id"].$delete({ param: { id } });

let ann: Account;
let bob: Account;
let seller: Account;
let admin: Account;

beforeAll(async () => {
  [ann, bob, seller, admin] = await Promise.all([register(), register(), register("seller"), register()]);
  await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?").bind(admin.userId).run();
  const login = await api().api.v1.auth.login.$post({ json: { email: admin.email, password: admin.password } });
  admin = { ...admin, token: (await login.json()).token };
});

afterEach(() => vi.restoreAllMocks());

describe("saving, listing and deleting cards", () => {
  it("saves a card as brand, last 4 and expiry, lists it newest first, and deletes it", async () => {
    const a = await save(ann, { number: "5555-5555-5555-4444", exp_month: 7 });
    expect(a.status).toBe(201);
    const first = await a.json();
    expect(first).toEqual({
      id: expect.stringMatching(/^pm_/),
      brand: "mastercard",
      last4: "4444",
      exp_month: 7,
      exp_year: expYear,
      created_at: expect.any(String),
    });
    expect(Date.parse(first.created_at)).not.toBeNaN();
    const second = await (await save(ann, { number: grouped(VISA) })).json();
    expect(second).toMatchObject({ brand: "visa", last4: VISA.slice(-4) });

    const ids = (await list(ann)).map((p) => p.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);

    const del = await remove(ann, first.id);
    expect(del.status).toBe(204);
    expect((await list(ann)).map((p) => p.id)).not.toContain(first.id);
    expect(await errorOf(await remove(ann, first.id))).toMatchObject({ code: "payment_method_not_found" });
  });

  it("keeps the list private: no-store", async () => {
    const res = await authed(ann).api.v1["payment-methods"].$get();
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("gives the checkout the token of a live card the customer owns, and nothing else", async () => {
    const pm = await (await save(bob)).json();
    const found = await findPaymentMethod(env, bob.userId, pm.id);
    expect(found).toMatchObject({
      id: pm.id,
      brand: "visa",
      last4: pm.last4,
      expMonth: 12,
      expYear,
      token: expect.stringMatching(/^tok_/),
    });
    expect(await findPaymentMethod(env, ann.userId, pm.id)).toBeNull();
    expect(await findPaymentMethod(env, bob.userId, "pm_unknown")).toBeNull();
    await remove(bob, pm.id);
    expect(await findPaymentMethod(env, bob.userId, pm.id)).toBeNull();
  });
});

describe("refusals", () => {
  it.each([
    ["letters in the number", { number: "4242 4242 4242 424x" }],
    ["too few digits", { number: "42424242424" }],
    ["too many digits", { number: "4".repeat(20) }],
    ["double separators", { number: "4242  4242 4242 4242" }],
    ["a 5-digit cvc", { cvc: "12345" }],
    ["month 13", { exp_month: 13 }],
    ["an unknown field", { nickname: "mine" }],
  ])("answers 400 validation_failed for %s", async (_what, over) => {
    const res = await save(ann, over);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ type: "invalid_data", code: "validation_failed" });
  });

  it("answers 400 invalid_card for a bad checksum or a CVC of the wrong length for the brand", async () => {
    for (const over of [
      { number: VISA.slice(0, -1) + ((Number(VISA.at(-1)) + 1) % 10) },
      { cvc: "1234" },
      { number: "378282246310005", cvc: "123" },
    ]) {
      const res = await save(ann, over);
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(await errorOf(res)).toMatchObject({ type: "invalid_data", code: "invalid_card" });
    }
    expect((await save(ann, { number: "378282246310005", cvc: "1234" })).status).toBe(201);
  });

  it("answers 400 card_expired for a card past its expiry month", async () => {
    const now = new Date();
    const lastMonth =
      now.getUTCMonth() === 0
        ? { exp_month: 12, exp_year: now.getUTCFullYear() - 1 }
        : { exp_month: now.getUTCMonth(), exp_year: now.getUTCFullYear() };
    const res = await save(ann, lastMonth);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "card_expired" });
    const thisMonth = await save(ann, { exp_month: now.getUTCMonth() + 1, exp_year: now.getUTCFullYear() });
    expect(thisMonth.status).toBe(201);
  });

  it("answers 503 dependency_unavailable when the gateway fails, saving nothing", async () => {
    const customer = await register();
    const app = createApp();
    for (const fault of [{ PAYMENT_FAULT_ERROR_RATE: "1" }, { PAYMENT_FAULT_TIMEOUT_RATE: "1" }]) {
      const res = await app.request(
        "/api/v1/payment-methods",
        {
          method: "POST",
          body: JSON.stringify(cardBody()),
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${customer.token}` },
        },
        { ...env, ...fault },
      );
      expect(res.status, JSON.stringify(fault)).toBe(503);
      expect(res.headers.get("Retry-After")).toMatch(/^\d+$/);
      expect(await errorOf(res)).toMatchObject({ type: "unavailable", code: "dependency_unavailable" });
    }
    expect(await list(customer)).toEqual([]);
  });

  it(`caps a customer at ${MAX_SAVED_CARDS} saved cards (422), counting only live ones`, async () => {
    const customer = await register();
    // Stored as the API would (more saves than the daily cap on attempts allows through it).
    const ids: string[] = [];
    for (let i = 0; i < MAX_SAVED_CARDS; i++) ids.push(await saveCard(customer.userId));
    const over = await save(customer);
    expect(over.status).toBe(422);
    expect(await errorOf(over)).toMatchObject({ type: "not_allowed", code: "payment_method_limit" });
    expect(await list(customer)).toHaveLength(MAX_SAVED_CARDS);
    expect((await remove(customer, ids[0]!)).status).toBe(204);
    expect((await save(customer)).status).toBe(201);
  });
});

describe("declines when saving a card", () => {
  const DECLINED_ON_SAVE = TEST_CARDS.filter((c) => c.description.startsWith("Declined when saved"));

  it("answers 402 with a generic message; the precise code goes to the log and the attempt's row", async () => {
    expect(DECLINED_ON_SAVE.length).toBeGreaterThan(0);
    const customer = await register();
    const warned: unknown[][] = [];
    vi.spyOn(console, "warn").mockImplementation((...args) => void warned.push(args));
    for (const card of DECLINED_ON_SAVE) {
      const res = await save(customer, { number: card.number });
      expect(res.status, card.number).toBe(402);
      const text = await res.text();
      expect(JSON.parse(text).error).toMatchObject({ type: "payment_failed", code: "card_declined", message: GENERIC_DECLINE });
      expect(text).not.toContain(card.behaviour);
      expect(JSON.stringify(warned)).toContain(card.behaviour);
    }
    const rows = await env.DB.prepare("SELECT outcome, decline_code FROM card_tokenisations WHERE customer_id = ? ORDER BY created_at")
      .bind(customer.userId)
      .all<{ outcome: string; decline_code: string }>();
    expect(rows.results).toEqual(DECLINED_ON_SAVE.map((c) => ({ outcome: "declined", decline_code: c.behaviour })));
    expect(await list(customer)).toEqual([]);

    // Admins read the precise codes; the customer cannot.
    const attempts = await raw("GET", `/api/v1/admin/customers/${customer.userId}/card-attempts`, {
      headers: { Authorization: `Bearer ${admin.token}` },
    });
    expect(attempts.status).toBe(200);
    const body = (await attempts.json()) as { items: { outcome: string; decline_code: string | null }[] };
    expect(body.items.map((a) => a.decline_code).sort()).toEqual(DECLINED_ON_SAVE.map((c) => c.behaviour).sort());
    expect(body.items.every((a) => a.outcome === "declined")).toBe(true);
    const own = await raw("GET", `/api/v1/admin/customers/${customer.userId}/card-attempts`, {
      headers: { Authorization: `Bearer ${customer.token}` },
    });
    expect(own.status).toBe(403);
  });
});

describe(`at most ${CARD_SAVES.perWindow} card-save attempts per customer a day`, () => {
  it("counts save/delete cycles and declined and invalid cards, then answers 429 with Retry-After; others unaffected", async () => {
    const [tester, shopper] = await Promise.all([register(), register()]);
    const declining = TEST_CARDS.find((c) => c.description.startsWith("Declined when saved"))!.number;
    for (let i = 0; i < CARD_SAVES.perWindow - 2; i++) {
      const res = await save(tester);
      expect(res.status, `save ${i + 1}`).toBe(201);
      expect((await remove(tester, (await res.json()).id)).status).toBe(204);
    }
    expect((await save(tester, { number: declining })).status).toBe(402);
    expect((await save(tester, { cvc: "1234" })).status).toBe(400);

    const over = await save(tester);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(CARD_SAVES.windowMs / 1000 - 120);
    expect(retryAfter).toBeLessThanOrEqual(CARD_SAVES.windowMs / 1000);
    expect(await errorOf(over)).toMatchObject({ type: "rate_limited", code: "too_many_requests" });
    expect(await list(tester)).toEqual([]); // no live card: the wallet cap is not what refused it
    expect((await save(shopper)).status).toBe(201);
  });

  it("does not count attempts the gateway never answered (an outage is not the shopper's doing)", async () => {
    const customer = await register();
    const app = createApp();
    for (let i = 0; i < CARD_SAVES.perWindow + 1; i++) {
      const res = await app.request(
        "/api/v1/payment-methods",
        {
          method: "POST",
          body: JSON.stringify(cardBody()),
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${customer.token}` },
        },
        { ...env, PAYMENT_FAULT_ERROR_RATE: "1" },
      );
      expect(res.status).toBe(503);
    }
    expect((await save(customer)).status).toBe(201);
  });
});

describe("who may call it", () => {
  it("answers 401 without a token", async () => {
    for (const res of [
      await raw("GET", "/api/v1/payment-methods"),
      await raw("POST", "/api/v1/payment-methods", { body: JSON.stringify(cardBody()) }),
      await raw("DELETE", "/api/v1/payment-methods/pm_x"),
    ]) {
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toMatchObject({ code: "missing_token" });
    }
  });

  it("answers 403 to sellers and admins", async () => {
    for (const who of [seller, admin]) {
      for (const res of [await authed(who).api.v1["payment-methods"].$get(), await save(who), await remove(who, "pm_x")]) {
        expect(res.status).toBe(403);
        expect(await errorOf(res)).toMatchObject({ code: "insufficient_role" });
      }
    }
  });

  it("hides another customer's cards: not listed, and 404 on delete", async () => {
    const pm = await (await save(bob)).json();
    expect((await list(ann)).map((p) => p.id)).not.toContain(pm.id);
    const res = await remove(ann, pm.id);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: "payment_method_not_found" });
    expect((await list(bob)).map((p) => p.id)).toContain(pm.id);
  });
});

describe("card numbers at rest", () => {
  it("stores the number nowhere in D1 and never logs it", async () => {
    const logged: unknown[][] = [];
    for (const m of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, m).mockImplementation((...args) => void logged.push(args));
    const number = uniqueNumber();
    const cvc = "9371";
    const ok = await save(ann, { number: grouped(number), cvc: cvc.slice(0, 3) });
    expect(ok.status).toBe(201);
    await save(ann, { number: number.slice(0, -1) + ((Number(number.at(-1)) + 1) % 10) }); // refused: still never stored

    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    ).all<{ name: string }>();
    expect(tables.results.map((t) => t.name)).toEqual(expect.arrayContaining(["payment_methods", "gateway_cards", "gateway_charges"]));
    for (const { name } of tables.results) {
      const rows = JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results);
      expect(rows, name).not.toContain(number);
      expect(rows, name).not.toContain(number.slice(0, 12));
    }
    const cardRows = (await env.DB.prepare("SELECT * FROM gateway_cards").all()).results;
    const pmRows = (await env.DB.prepare("SELECT * FROM payment_methods").all()).results;
    for (const row of [...cardRows, ...pmRows]) expect(Object.values(row)).not.toContain(cvc.slice(0, 3));
    expect(JSON.stringify(logged)).not.toContain(number.slice(0, 12));
  });
});
