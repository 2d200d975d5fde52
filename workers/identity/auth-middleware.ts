// Bearer-token authentication (HS256 JWTs via hono/jwt) and role guards for routes.
import type { Context, MiddlewareHandler } from "hono";
import { sign, verify } from "hono/jwt";
import { JwtTokenExpired } from "hono/utils/jwt/types";
import type { AppEnv } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { principalFromClaims, requireRole, tokenClaims, type Principal, type Role } from "./identity";

const MIN_SECRET_LENGTH = 32;

/** JWT_SECRET, refusing a missing or short one; `feature` names what is unavailable without it. */
export const jwtSecret = (env: Cloudflare.Env, feature = "Sign-in"): string => {
  const secret = env.JWT_SECRET;
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    console.error(`JWT_SECRET is missing or shorter than ${MIN_SECRET_LENGTH} characters`);
    throw new DomainError("internal", "misconfigured", `${feature} is not available right now.`);
  }
  return secret;
};

const ttlSeconds = (env: Cloudflare.Env): number => {
  const ttl = Number(env.JWT_TTL_SECONDS);
  return Number.isInteger(ttl) && ttl > 0 ? ttl : 3600;
};

export const issueToken = async (env: Cloudflare.Env, p: Principal, nowMs: number) => {
  const claims = tokenClaims(p, nowMs, ttlSeconds(env));
  return { token: await sign(claims, jwtSecret(env), "HS256"), expiresAt: claims.exp * 1000 };
};

/** Verifies a Bearer token when one is sent; a request without one stays anonymous. */
export const authenticate = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const header = c.req.header("Authorization");
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header.trim());
    if (!match) {
      throw new DomainError("unauthorized", "invalid_token", "The Authorization header must be `Bearer <token>`.");
    }
    let claims: Record<string, unknown>;
    try {
      claims = await verify(match[1]!, jwtSecret(c.env), "HS256");
    } catch (e) {
      if (e instanceof DomainError) throw e;
      if (e instanceof JwtTokenExpired) {
        throw new DomainError("unauthorized", "token_expired", "The access token has expired: sign in again.");
      }
      throw new DomainError("unauthorized", "invalid_token", "The access token is invalid.");
    }
    c.set("principal", principalFromClaims(claims));
  }
  await next();
};

/** Route guard: the caller must be signed in with one of `roles`. */
export const requireRoles =
  (...roles: Role[]): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    requireRole(c.get("principal"), roles);
    await next();
  };

/** The signed-in caller; use only behind `requireRoles`. */
export const principalOf = (c: Context<AppEnv>): Principal => requireRole(c.get("principal"), ["customer", "seller", "admin"]);
