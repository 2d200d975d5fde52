// The refusal itself, for each kind of invocation, when configProblems finds the secrets unfit:
// HTTP answers 500 `misconfigured` (through the one onError), a cron run throws, and a queue
// batch is put back for later rather than processed or lost.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { configProblems, misconfiguredLog } from "./config-check";

/**
 * Queue batches wait this long (the platform's maximum retry delay, 12 h) so that the retries a
 * queue allows span days, time to set the secrets, instead of running out in seconds and
 * dead-lettering (then dropping) every message.
 */
export const MISCONFIGURED_RETRY_DELAY_SECONDS = 43_200;

/** First middleware of the app: every request is refused while the secrets are unfit. */
export const refuseMisconfigured = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const problems = configProblems(c.env);
  if (problems.length > 0) {
    console.error(misconfiguredLog(`${c.req.method} ${c.req.path}`, problems));
    throw new DomainError("internal", "misconfigured", "The shop is not configured correctly; try again later.");
  }
  await next();
};

/** The cron: nothing is lost by not running, so it fails loudly (the next minute tries again). */
export const assertConfigured = (env: Cloudflare.Env, where: string): void => {
  const problems = configProblems(env);
  if (problems.length > 0) {
    const line = misconfiguredLog(where, problems);
    console.error(line);
    throw new Error(line);
  }
};

/** A queue batch: true when it may be processed; otherwise it is logged and put back for later. */
export const admitBatch = (batch: MessageBatch<unknown>, env: Cloudflare.Env): boolean => {
  const problems = configProblems(env);
  if (problems.length === 0) return true;
  console.error(misconfiguredLog(`queue ${batch.queue}`, problems));
  batch.retryAll({ delaySeconds: MISCONFIGURED_RETRY_DELAY_SECONDS });
  return false;
};
