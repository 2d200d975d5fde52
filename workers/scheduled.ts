// Cron Trigger (every minute): the saga's safety nets. Re-sends outbox rows left unsent (a crash
// between the D1 write and the queue send) and order events sent but never processed (the
// message was lost with a dying runtime), fails orders past their payment deadline whose
// delayed check never arrived, returns any money still held for orders that ended (payment
// reconciliation), re-sends emails whose sender died, and forgets idempotency keys older than
// 24 h and sign-in failure windows that ended. Then it advances the recommendations build (workers/recommendations/build-job.ts) for
// at most 20 s.
import { sagaDeps } from "../queues/order-events";
import { LOGIN_FAILURES } from "./identity/identity";
import { purgeLoginFailures } from "./identity/login-failures.repo";
import { primaryDb } from "./shared/db/client";
import { purgeExpiredKeys } from "./orders/idempotency.repo";
import { overdueOrderIds } from "./orders/orders.repo";
import { expireOrder } from "./orders/saga/fail-order";
import { STEP_FOR_EVENT } from "./orders/saga/dispatch";
import { reconcileEndedCharges } from "./orders/saga/reconcile-payments";
import { sweepSearchSignals } from "./search/signals.repo";
import { tickRecommendations } from "./recommendations/build-job";
import {
  purgeDeliveredBefore,
  resendStale,
  resendStuckNotifications,
  resendUnprocessed,
  type UnprocessedWindow,
} from "./shared/outbox.repo";

/** Rows younger than this are still being sent by the request or consumer that wrote them. */
export const OUTBOX_GRACE_MS = 30_000;
/**
 * Sent outbox rows and processed-event keys are kept longer than a message can live in a queue
 * (retention is at most 14 days), so a redelivery always finds its key; then they are dropped.
 */
export const DEDUP_RETENTION_MS = 15 * 86_400_000;
/**
 * An order event is re-driven when it was due this long ago and its step has not finished: longer
 * than its retries take (5 retries, 1+2+4+8+16 s of backoff) but short beside a hold's life (the
 * deadline plus a minute), so a lost PaymentCompleted usually still commits its holds; one that
 * comes too late finds them gone and the order is cancelled with a refund, never left paid and unstocked.
 */
export const REDRIVE_GRACE_MS = 120_000;
/** Events are re-driven within an hour of being sent (60 sweeps), at most three times each. */
const redriveWindow = (now: number): UnprocessedWindow => ({
  queue: "order-events",
  steps: STEP_FOR_EVENT as Record<string, string>,
  sentAfter: now - 3_600_000,
  dueBy: now - REDRIVE_GRACE_MS,
  maxSends: 4,
});
/** The queue's delayed deadline check normally wins; the sweep only picks up what it missed. */
export const DEADLINE_SWEEP_SLACK_MS = 60_000;

export const runSweeps = async (env: Cloudflare.Env, now: number) => {
  const resent = await resendStale(env, now, OUTBOX_GRACE_MS);
  const redriven = await resendUnprocessed(env, redriveWindow(now), now);
  const deps = { ...sagaDeps(env), now: () => now };
  const overdue = await overdueOrderIds(env, now - DEADLINE_SWEEP_SLACK_MS);
  let expired = 0;
  for (const orderId of overdue) {
    try {
      await expireOrder(deps, `${orderId}:sweep:${now}`, { orderId });
      expired++;
    } catch (e) {
      console.error(`sweep: order ${orderId} not expired`, e);
    }
  }
  const reconciled = await reconcileEndedCharges(deps, now);
  // An email whose sender died (lease lapsed a minute ago) and whose redelivery never came.
  const remailed = await resendStuckNotifications(env, now, 60_000);
  const purgedKeys = await purgeExpiredKeys(env, now);
  const purgedDedup = await purgeDeliveredBefore(env.DB, now - DEDUP_RETENTION_MS);
  await purgeLoginFailures(primaryDb(env), now, LOGIN_FAILURES.windowMs);
  // Search ranking signals, at most every 10 minutes (and search-event marks past their 25 h retention).
  const signals = await sweepSearchSignals(env.DB, now);
  return { resent, redriven, expired, reconciled, remailed, purgedKeys, purgedDedup, ...signals };
};

export const handleScheduled = async (controller: ScheduledController, env: Cloudflare.Env, _ctx: ExecutionContext): Promise<void> => {
  const result = await runSweeps(env, controller.scheduledTime);
  if (Object.values(result).some((n) => n > 0)) console.log("cron sweeps", result);
  const recs = await tickRecommendations({ db: env.DB, now: Date.now, owner: crypto.randomUUID() });
  if (recs.status === "done" || recs.status === "yielded") console.log("recommendations build", recs);
};
