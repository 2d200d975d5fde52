// The addresses API through the Worker: save (validated and normalised), list, read, soft
// delete, the per-customer cap, who may call it, and findAddress as the checkout uses it.
import { createAdmin } from "../helpers/admin";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_ADDRESSES } from "../../workers/addresses/addresses";
import { findAddress } from "../../workers/addresses/addresses.repo";
import { type Account, authed, raw, register } from "../helpers/client";

type ErrorBody = { error: { type: string; code: string; message: string; details?: { path: string; message: string }[] } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

const valid = { name: "Ann Example", line1: "1 High Street", city: "London", postal_code: "SW1A 1AA", country: "GB" };
const post = (who: { token: string }, body: unknown) =>
  raw("POST", "/api/v1/addresses", { body: JSON.stringify(body), headers: { Authorization: `Bearer ${who.token}` } });
const save = async (who: { token: string }, body: Record<string, unknown> = {}) => {
  const res = await authed(who).api.v1.addresses.$post({ json: { ...valid, ...body } as typeof valid });
  expect(res.status).toBe(201);
  return res.json();
};

let seller: Account;
let admin: { token: string; userId: string };
beforeAll(async () => {
  [seller, admin] = await Promise.all([register("seller", "Address Seller"), createAdmin()]);
});

describe("saving an address", () => {
  it("answers 201 with the stored, normalised address", async () => {
    const me = await register();
    const res = await post(me, {
      name: "  Ann Example ",
      line1: "1 High Street",
      line2: "Flat 2",
      city: "London",
      postal_code: "sw1a1aa",
      country: "gb",
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const a = (await res.json()) as Record<string, unknown>;
    expect(a).toEqual({
      id: expect.stringMatching(/^adr_[0-9a-z]{16}$/),
      name: "Ann Example",
      line1: "1 High Street",
      line2: "Flat 2",
      city: "London",
      postal_code: "SW1A 1AA",
      country: "GB",
      created_at: expect.any(String),
    });
    expect(new Date(a.created_at as string).toISOString()).toBe(a.created_at);
  });

  it("stores line2 as null when it is left out or blank, and accepts other countries' codes", async () => {
    const me = await register();
    expect(await save(me, { country: "US", postal_code: "94103-1234" })).toMatchObject({
      line2: null,
      postal_code: "94103-1234",
      country: "US",
    });
    expect(await save(me, { country: "JP", postal_code: "100-0001", line2: "   " })).toMatchObject({
      postal_code: "100-0001",
      line2: null,
    });
    expect(await save(me, { country: "NL", postal_code: "1012ab" })).toMatchObject({ postal_code: "1012 AB" });
  });

  it("refuses bad fields with 400 and a detail per field", async () => {
    const me = await register();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, name: undefined }, "json.name"],
      [{ ...valid, line1: "   " }, "json.line1"],
      [{ ...valid, line1: "1 High\nStreet" }, "json.line1"],
      [{ ...valid, city: "Lon\u0000don" }, "json.city"],
      [{ ...valid, name: "Ann\u202eelpmaxE" }, "json.name"],
      [{ ...valid, line2: "x".repeat(201) }, "json.line2"],
      [{ ...valid, line2: null }, "json.line2"],
      [{ ...valid, line2: "a\u0007b" }, "json.line2"],
      [{ ...valid, country: "ZZ" }, "json.country"],
      [{ ...valid, country: "GBR" }, "json.country"],
      [{ ...valid, country: 44 }, "json.country"],
      [{ ...valid, postal_code: "12345" }, "json.postal_code"],
      [{ ...valid, country: "US", postal_code: "ABCDE" }, "json.postal_code"],
      [{ ...valid, country: "JP", postal_code: "1234567890123" }, "json.postal_code"],
      [{ ...valid, country: "JP", postal_code: "12_34" }, "json.postal_code"],
      [{ ...valid, customer_id: "usr_someoneelse" }, "json"],
    ];
    for (const [body, path] of cases) {
      const res = await post(me, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const e = await errorOf(res);
      expect(e.code).toBe("validation_failed");
      expect(
        e.details!.map((d) => d.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    const list = await (await authed(me).api.v1.addresses.$get()).json();
    expect(list.results).toEqual([]);
  });

  it("caps a customer at MAX_ADDRESSES live addresses; deleting one frees a place", async () => {
    const me = await register();
    const now = Date.now();
    await env.DB.batch(
      Array.from({ length: MAX_ADDRESSES }, (_, i) =>
        env.DB.prepare(
          `INSERT INTO addresses (id, customer_id, name, line1, city, postal_code, country, created_at) VALUES (?, ?, 'A', 'B', 'C', 'SW1A 1AA', 'GB', ?)`,
        ).bind(`adr_cap${String(i).padStart(13, "0")}`, me.userId, now + i),
      ),
    );
    const over = await post(me, valid);
    expect(over.status).toBe(422);
    expect((await errorOf(over)).code).toBe("address_limit");
    const del = await authed(me).api.v1.addresses[":id"].$delete({ param: { id: "adr_cap0000000000000" } });
    expect(del.status).toBe(204);
    expect((await post(me, valid)).status).toBe(201);
    expect((await post(me, valid)).status).toBe(422);
  });
});

describe("reading and deleting addresses", () => {
  it("lists the caller's addresses newest first", async () => {
    const [me, other] = await Promise.all([register(), register()]);
    const first = await save(me, { line1: "1 First Street" });
    const second = await save(me, { line1: "2 Second Street" });
    await save(other);
    const res = await authed(me).api.v1.addresses.$get();
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await res.json()).results.map((a) => a.id)).toEqual([second.id, first.id]);
  });

  it("reads one address, and answers 404 address_not_found for another customer's or an unknown id", async () => {
    const [me, other] = await Promise.all([register(), register()]);
    const mine = await save(me);
    const ok = await authed(me).api.v1.addresses[":id"].$get({ param: { id: mine.id } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(mine);
    for (const [who, id] of [
      [other, mine.id],
      [me, "adr_0000000000000000"],
    ] as const) {
      const res = await authed(who).api.v1.addresses[":id"].$get({ param: { id } });
      expect(res.status).toBe(404);
      expect((await errorOf(res as unknown as Response)).code).toBe("address_not_found");
    }
    const bad = await raw("GET", `/api/v1/addresses/${encodeURIComponent("adr_' OR 1=1")}`, {
      headers: { Authorization: `Bearer ${me.token}` },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details?.[0]?.path).toBe("param.id");
  });

  it("soft-deletes: gone from the API, 404 on a second delete, never deletable by another customer", async () => {
    const [me, other] = await Promise.all([register(), register()]);
    const a = await save(me);
    const steal = await authed(other).api.v1.addresses[":id"].$delete({ param: { id: a.id } });
    expect(steal.status).toBe(404);
    expect(await findAddress(env, me.userId, a.id)).not.toBeNull();
    expect((await authed(me).api.v1.addresses[":id"].$delete({ param: { id: a.id } })).status).toBe(204);
    expect((await authed(me).api.v1.addresses[":id"].$get({ param: { id: a.id } })).status).toBe(404);
    expect((await (await authed(me).api.v1.addresses.$get()).json()).results).toEqual([]);
    const again = await authed(me).api.v1.addresses[":id"].$delete({ param: { id: a.id } });
    expect(again.status).toBe(404);
    const row = await env.DB.prepare("SELECT deleted_at FROM addresses WHERE id = ?").bind(a.id).first<{ deleted_at: number | null }>();
    expect(row?.deleted_at).toEqual(expect.any(Number));
  });
});

describe("findAddress", () => {
  it("finds the owner's live address only", async () => {
    const [me, other] = await Promise.all([register(), register()]);
    const a = await save(me, { line2: "Flat 9" });
    expect(await findAddress(env, me.userId, a.id)).toEqual({
      id: a.id,
      name: valid.name,
      line1: valid.line1,
      line2: "Flat 9",
      city: valid.city,
      postalCode: "SW1A 1AA",
      country: "GB",
      createdAt: Date.parse(a.created_at),
    });
    expect(await findAddress(env, other.userId, a.id)).toBeNull();
    await authed(me).api.v1.addresses[":id"].$delete({ param: { id: a.id } });
    expect(await findAddress(env, me.userId, a.id)).toBeNull();
  });
});

describe("who may use addresses", () => {
  it("answers 401 without a token and 403 to sellers and admins", async () => {
    const anon = await raw("GET", "/api/v1/addresses");
    expect(anon.status).toBe(401);
    expect(anon.headers.get("Cache-Control")).toBe("private, no-store");
    expect((await errorOf(anon)).code).toBe("missing_token");
    for (const who of [seller, admin]) {
      for (const res of [await authed(who).api.v1.addresses.$get(), await post(who, valid)]) {
        expect(res.status).toBe(403);
        expect((await errorOf(res as Response)).code).toBe("insufficient_role");
      }
    }
  });
});
