// Identity rules: roles, email normalisation, access-token claims and who may act on what.
// Pure: time comes in as `nowMs`; nothing here touches bindings.
import { DomainError } from "../shared/errors";

export const ROLES = ["customer", "seller", "admin"] as const;
export type Role = (typeof ROLES)[number];
/** Roles a person may choose at registration; admins are created by the seed or a command. */
export const SELF_REGISTER_ROLES = ["customer", "seller"] as const;

export const TOKEN_ISSUER = "edge-commerce";

/** What the API knows about the caller after the access token is verified. */
export interface Principal {
  userId: string;
  role: Role;
  isPrime: boolean;
  /** Present for sellers: the seller account whose products they manage. */
  sellerId?: string;
}

/** Trimmed and lower-cased, so `Ann@Example.com` and `ann@example.com` are one account. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Failed sign-ins one account may take, from any number of addresses, before it is locked for
 * the rest of the window (counted from the first failure). The per-address limit cannot see
 * guessing spread over a botnet; this can. Ten is far beyond a person mistyping a password.
 */
/**
 * Failed sign-ins counted in a 15-minute window: per account from one client network (its
 * address, IPv6 by /64), and per account from all networks together. One network locks only
 * itself out of an account after 10; locking the account for everyone takes 50, which needs
 * five networks (a network over its own limit adds no more), while guesses spread over a
 * botnet are held to 50 an account per window.
 */
export const LOGIN_FAILURES = { perClient: 10, perAccount: 50, windowMs: 15 * 60_000 } as const;

/**
 * Seconds a counter locks for after `failures` counted attempts (this one included) in the window
 * that began at `windowStart`, with `limit` allowed; 0 when this attempt may check the password.
 */
export const loginLockSeconds = (attempt: { failures: number; windowStart: number }, now: number, limit: number): number => {
  const windowEnd = attempt.windowStart + LOGIN_FAILURES.windowMs;
  if (attempt.failures <= limit || now >= windowEnd) return 0;
  return Math.max(1, Math.ceil((windowEnd - now) / 1000));
};

export interface TokenClaims {
  sub: string;
  role: Role;
  prime: boolean;
  sid?: string;
  iss: string;
  iat: number;
  exp: number;
  [key: string]: unknown;
}

export const tokenClaims = (p: Principal, nowMs: number, ttlSeconds: number): TokenClaims => {
  const iat = Math.floor(nowMs / 1000);
  return {
    sub: p.userId,
    role: p.role,
    prime: p.isPrime,
    ...(p.sellerId ? { sid: p.sellerId } : {}),
    iss: TOKEN_ISSUER,
    iat,
    exp: iat + ttlSeconds,
  };
};

/** Turns verified JWT claims back into a principal, refusing tokens of the wrong shape. */
export const principalFromClaims = (claims: Record<string, unknown>): Principal => {
  const { sub, role, prime, sid, iss } = claims;
  const valid =
    typeof sub === "string" &&
    sub.length > 0 &&
    ROLES.includes(role as Role) &&
    typeof prime === "boolean" &&
    iss === TOKEN_ISSUER &&
    (sid === undefined || typeof sid === "string") &&
    (role !== "seller" || typeof sid === "string");
  if (!valid) {
    throw new DomainError("unauthorized", "invalid_token", "The access token is invalid.");
  }
  return {
    userId: sub,
    role: role as Role,
    isPrime: prime,
    ...(typeof sid === "string" ? { sellerId: sid } : {}),
  };
};

export const requireRole = (p: Principal | undefined, roles: readonly Role[]): Principal => {
  if (!p) {
    throw new DomainError("unauthorized", "missing_token", "Sign in: this needs a Bearer token.");
  }
  if (!roles.includes(p.role)) {
    throw new DomainError("forbidden", "insufficient_role", `This needs one of the roles: ${roles.join(", ")}.`);
  }
  return p;
};

/** Sellers act on their own seller account only; admins on any. */
export const assertCanManageSeller = (p: Principal, sellerId: string): void => {
  if (p.role === "admin") return;
  if (p.role === "seller" && p.sellerId === sellerId) return;
  throw new DomainError("forbidden", "not_owner", "You can only manage your own products.");
};
