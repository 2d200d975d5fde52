// Identity through the Worker: register, login, tokens, roles and the auth rate limit.
import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { api, authed, raw, register, uniqueEmail } from "../helpers/client";
import { TEST_JWT_SECRET } from "../helpers/test-secrets";

const errorOf = async (res: { json(): Promise<unknown> }) => ((await res.json()) as { error: { type: string; code: string } }).error;

describe("register", () => {
  it("creates a customer by default and signs them in", async () => {
    const email = uniqueEmail();
    const res = await api().api.v1.auth.register.$post({ json: { email, password: "password-123", name: "Ann" } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.user).toMatchObject({ email, role: "customer", is_prime: false, seller_id: null });
    expect(body.token_type).toBe("Bearer");
    const me = await authed(body).api.v1.auth.me.$get();
    expect(me.status).toBe(200);
    expect((await me.json()).id).toBe(body.user.id);
  });

  it("creates a seller with its own seller account", async () => {
    const seller = await register("seller", "Shop Ltd");
    expect(seller.sellerId).toMatch(/^sel_/);
  });

  it("treats email as case-insensitive and refuses a duplicate with 409", async () => {
    const email = uniqueEmail("dup");
    const first = await api().api.v1.auth.register.$post({ json: { email, password: "password-123", name: "A" } });
    expect(first.status).toBe(201);
    const again = await api().api.v1.auth.register.$post({
      json: { email: `  ${email.toUpperCase()} `.trim(), password: "password-456", name: "B" },
    });
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toMatchObject({ type: "conflict", code: "email_taken" });
  });

  it("never lets anyone self-register as admin", async () => {
    const res = await raw("POST", "/api/v1/auth/register", {
      body: JSON.stringify({ email: uniqueEmail(), password: "password-123", name: "Eve", role: "admin" }),
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ type: "invalid_data", code: "validation_failed" });
  });

  it("stores a salted PBKDF2 hash, never the password", async () => {
    const { env } = await import("cloudflare:workers");
    const a = await register();
    const b = await register();
    const rows = await env.DB.prepare("SELECT password_hash FROM users WHERE id IN (?, ?)")
      .bind(a.userId, b.userId)
      .all<{ password_hash: string }>();
    const hashes = rows.results.map((r) => r.password_hash);
    expect(hashes).toHaveLength(2);
    for (const h of hashes) {
      expect(h).toMatch(/^pbkdf2-sha256\$(\d+)\$/);
      expect(Number(h.split("$")[1])).toBeGreaterThanOrEqual(100_000);
      expect(h).not.toContain(a.password);
    }
    expect(hashes[0]).not.toBe(hashes[1]); // same password, different salts
  });
});

describe("login", () => {
  it("returns a token carrying the role and an expiry", async () => {
    const seller = await register("seller");
    const res = await api().api.v1.auth.login.$post({ json: { email: seller.email.toUpperCase(), password: seller.password } });
    expect(res.status).toBe(200);
    const body = await res.json();
    const [, payload] = body.token.split(".");
    const claims = JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")));
    expect(claims).toMatchObject({ sub: seller.userId, role: "seller", sid: seller.sellerId });
    expect(claims.exp - claims.iat).toBeGreaterThan(0);
    expect(new Date(body.expires_at).getTime()).toBe(claims.exp * 1000);
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    const a = await register();
    const wrong = await api().api.v1.auth.login.$post({ json: { email: a.email, password: "not-the-password" } });
    const unknown = await api().api.v1.auth.login.$post({ json: { email: uniqueEmail("ghost"), password: a.password } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toEqual(expect.objectContaining({ type: "unauthorized", code: "invalid_credentials" }));
    }
  });

  it("is rate limited per client address", async () => {
    const ip = "203.0.113.77";
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await raw("POST", "/api/v1/auth/login", {
        // One account per attempt: this is the per-address limit, not the per-account one.
        body: JSON.stringify({ email: `nobody-${i}@example.com`, password: "x" }),
        headers: { "CF-Connecting-IP": ip },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("Retry-After")).toBe("60");
        expect(await errorOf(res)).toMatchObject({ type: "rate_limited", code: "too_many_requests" });
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is not affected.
    const other = await raw("POST", "/api/v1/auth/login", { body: JSON.stringify({ email: "nobody@example.com", password: "x" }) });
    expect(other.status).toBe(401);
  });
});

describe("login: per-account limit on failed attempts", () => {
  const login = (email: string, password: string, ip: string) =>
    raw("POST", "/api/v1/auth/login", { body: JSON.stringify({ email, password }), headers: { "CF-Connecting-IP": ip } });
  // Every guess from its own address, as a botnet spreads them: the per-address limit never sees them.
  let n = 0;
  const botnetIp = () => `2001:db8:${(n++).toString(16)}::1`;

  it("locks one account after 50 failed guesses spread over many networks, even for the right password; others still sign in", {
    timeout: 30_000,
  }, async () => {
    const [victim, bystander] = await Promise.all([register(), register()]);
    for (let i = 0; i < 50; i++) {
      const res = await login(victim.email.toUpperCase(), `guess-${i}`, botnetIp());
      expect(res.status, `guess ${i + 1}`).toBe(401);
    }
    const locked = await login(victim.email, "guess-51", botnetIp());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(locked.headers.get("Retry-After"))).toBeLessThanOrEqual(15 * 60);
    expect(await errorOf(locked)).toMatchObject({ type: "rate_limited", code: "too_many_requests" });
    expect((await login(victim.email, victim.password, botnetIp())).status).toBe(429);
    expect((await login(bystander.email, bystander.password, botnetIp())).status).toBe(200);
  });

  it("stops one network after 10 failed guesses at an account without locking the owner out from theirs", async () => {
    const victim = await register();
    const attacker = "2001:db8:bad:1::1";
    for (let i = 0; i < 10; i++) expect((await login(victim.email, `guess-${i}`, attacker)).status).toBe(401);
    // Anywhere in the attacker's /64 is the same network, and it stays locked however long it keeps trying.
    for (let i = 0; i < 30; i++) expect((await login(victim.email, `guess-${i}`, `2001:db8:bad:1::${i + 2}`)).status).toBe(429);
    const own = await login(victim.email, victim.password, "192.0.2.177");
    expect(own.status, await own.clone().text()).toBe(200);
  });

  it("counts guesses at an unknown address the same way (a lock says nothing about who has an account)", { timeout: 30_000 }, async () => {
    const email = uniqueEmail("ghost");
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await login(email, "x", botnetIp())).status);
    expect(statuses).toEqual([...Array(50).fill(401), 429]);
  });

  it("clears the account's count after a successful sign-in", { timeout: 30_000 }, async () => {
    const ann = await register();
    for (let i = 0; i < 45; i++) expect((await login(ann.email, "wrong", botnetIp())).status).toBe(401);
    expect((await login(ann.email, ann.password, botnetIp())).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login(ann.email, "wrong", botnetIp())).status).toBe(401);
  });

  it("keeps no email in the table, only a keyed hash", async () => {
    const email = uniqueEmail("hashed");
    await login(email, "x", botnetIp());
    const rows = JSON.stringify((await env.DB.prepare("SELECT * FROM login_failures").all()).results);
    expect(rows).not.toContain(email);
    expect(rows).not.toContain(email.split("@")[0]);
  });
});

describe("tokens", () => {
  const me = (authorization: string) => raw("GET", "/api/v1/auth/me", { headers: { Authorization: authorization } });

  it("requires a token for /me", async () => {
    const res = await raw("GET", "/api/v1/auth/me");
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("missing_token");
  });

  it("rejects an expired token", async () => {
    const a = await register();
    const past = Math.floor(Date.now() / 1000) - 7200;
    const token = await sign(
      { sub: a.userId, role: "customer", prime: false, iss: "edge-commerce", iat: past, exp: past + 60 },
      TEST_JWT_SECRET,
      "HS256",
    );
    const res = await me(`Bearer ${token}`);
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("token_expired");
  });

  it("rejects a token signed with another secret, or with its claims edited", async () => {
    const a = await register();
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: a.userId, role: "admin", prime: false, iss: "edge-commerce", iat: now, exp: now + 600 };
    const forged = await sign(claims, "some-other-secret-0123456789abcdef-xyz", "HS256");
    const [h, , s] = a.token.split(".");
    const edited = `${h}.${btoa(JSON.stringify(claims)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.${s}`;
    for (const t of [forged, edited, "not.a.jwt", a.token.slice(0, -2)]) {
      const res = await me(`Bearer ${t}`);
      expect(res.status, t).toBe(401);
      expect((await errorOf(res)).code).toBe("invalid_token");
    }
  });

  it("rejects a well-signed token whose claims do not describe a principal", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(
      { sub: "usr_x", role: "superuser", prime: false, iss: "edge-commerce", iat: now, exp: now + 600 },
      TEST_JWT_SECRET,
      "HS256",
    );
    const res = await me(`Bearer ${token}`);
    expect(res.status).toBe(401);
  });
});
