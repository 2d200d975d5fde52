// Per-client rate limiting with the Workers rate-limiting binding (it also runs in Miniflare).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { DomainError } from "./errors";

/** The client address as Cloudflare reports it; one bucket for callers without one. */
const clientKey = (header: string | undefined): string => header?.trim() || "unknown";

export const rateLimit =
  (limiter: (env: Cloudflare.Env) => RateLimit, scope: string, periodSeconds: number): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const key = `${scope}:${clientKey(c.req.header("CF-Connecting-IP"))}`;
    const { success } = await limiter(c.env).limit({ key });
    if (!success) {
      throw new DomainError("rate_limited", "too_many_requests", "Too many attempts: wait a minute and try again.", {
        retryAfter: periodSeconds,
      });
    }
    await next();
  };
