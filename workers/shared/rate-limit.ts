// Rate limiting with the Workers rate-limiting binding (it also runs in Miniflare): per client
// address (IPv6 grouped by /64) as middleware, or per any key (an account, a customer) inline.
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { clientBucket } from "./client-address";
import { DomainError } from "./errors";

/** The caller's address bucket (see client-address.ts). */
export const clientOf = (c: Context<AppEnv>): string => clientBucket(c.req.header("CF-Connecting-IP"));

/**
 * Counts one use of `key` in `scope`; over the limit it throws `429 rate_limited` with
 * Retry-After set to the limiter's period.
 */
export const enforceLimit = async (
  limiter: RateLimit,
  scope: string,
  key: string,
  periodSeconds: number,
  message = "Too many attempts: wait a minute and try again.",
): Promise<void> => {
  const { success } = await limiter.limit({ key: `${scope}:${key}` });
  if (!success) throw new DomainError("rate_limited", "too_many_requests", message, { retryAfter: periodSeconds });
};

/** Middleware: one use per request, keyed by the client's address bucket. */
export const rateLimit =
  (limiter: (env: Cloudflare.Env) => RateLimit, scope: string, periodSeconds: number): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    await enforceLimit(limiter(c.env), scope, clientOf(c), periodSeconds);
    await next();
  };
