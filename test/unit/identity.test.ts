import { describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors";
import {
  assertCanManageSeller,
  LOGIN_FAILURES,
  loginLockSeconds,
  normaliseEmail,
  principalFromClaims,
  requireRole,
  tokenClaims,
} from "../../workers/identity/identity";
import { hashPassword, verifyPassword } from "../../workers/identity/password";

describe("identity rules", () => {
  it("normalises emails for case-insensitive uniqueness", () => {
    expect(normaliseEmail("  Ann@Example.COM ")).toBe("ann@example.com");
  });

  it("round-trips a principal through token claims, with expiry from the ttl", () => {
    const p = { userId: "usr_1", role: "seller" as const, isPrime: false, sellerId: "sel_1" };
    const claims = tokenClaims(p, 1_700_000_000_500, 3600);
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.iat).toBe(1_700_000_000);
    expect(principalFromClaims(claims)).toEqual(p);
  });

  it("refuses claims that do not describe a principal", () => {
    const good = tokenClaims({ userId: "u", role: "customer", isPrime: true }, 0, 60);
    for (const bad of [
      { ...good, role: "root" },
      { ...good, sub: "" },
      { ...good, iss: "other" },
      { ...good, role: "seller" },
      { ...good, prime: "yes" },
    ]) {
      expect(codeOf(() => principalFromClaims(bad))).toBe("unauthorized/invalid_token");
    }
  });

  it("guards roles: anonymous is 401, wrong role is 403", () => {
    expect(codeOf(() => requireRole(undefined, ["customer"]))).toBe("unauthorized/missing_token");
    expect(codeOf(() => requireRole({ userId: "u", role: "customer", isPrime: false }, ["seller", "admin"]))).toBe(
      "forbidden/insufficient_role",
    );
    expect(codeOf(() => requireRole({ userId: "u", role: "admin", isPrime: false }, ["seller", "admin"]))).toBe("none");
  });

  it("lets sellers manage only their own seller account; admins any", () => {
    const seller = { userId: "u", role: "seller" as const, isPrime: false, sellerId: "sel_a" };
    expect(codeOf(() => assertCanManageSeller(seller, "sel_a"))).toBe("none");
    expect(codeOf(() => assertCanManageSeller(seller, "sel_b"))).toBe("forbidden/not_owner");
    expect(codeOf(() => assertCanManageSeller({ userId: "u", role: "customer", isPrime: false }, "sel_a"))).toBe("forbidden/not_owner");
    expect(codeOf(() => assertCanManageSeller({ userId: "u", role: "admin", isPrime: false }, "sel_b"))).toBe("none");
  });
});

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one or a tampered hash", async () => {
    const h = await hashPassword("hunter2-but-longer");
    expect(await verifyPassword("hunter2-but-longer", h)).toBe(true);
    expect(await verifyPassword("hunter2-but-longes", h)).toBe(false);
    const [scheme, iter, salt, hash] = h.split("$");
    expect(
      await verifyPassword("hunter2-but-longer", [scheme, iter, salt, hash!.replace(/^./, (c) => (c === "A" ? "B" : "A"))].join("$")),
    ).toBe(false);
    expect(await verifyPassword("x", "plaintext")).toBe(false);
    expect(await verifyPassword("x", "pbkdf2-sha256$99999999$AAAA$AAAA")).toBe(false);
  });
});

describe("per-account login lock", () => {
  const start = 1_700_000_000_000;
  const { perClient: limit, windowMs } = LOGIN_FAILURES;

  it("lets the first `limit` attempts of a window check the password, then locks until the window ends", () => {
    expect(loginLockSeconds({ failures: limit, windowStart: start }, start + 1000, limit)).toBe(0);
    expect(loginLockSeconds({ failures: limit + 1, windowStart: start }, start + 1000, limit)).toBe(Math.ceil((windowMs - 1000) / 1000));
    expect(loginLockSeconds({ failures: limit + 1, windowStart: start }, start + windowMs - 1, limit)).toBe(1);
    expect(loginLockSeconds({ failures: limit + 50, windowStart: start }, start + windowMs, limit)).toBe(0);
  });
});
