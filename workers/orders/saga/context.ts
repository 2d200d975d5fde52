// What every saga step gets: bindings, the payment gateway, the clock, and a crash hook for fault
// injection; and the two ways a step fails: transient (retry with backoff) or permanent (DLQ).
import type { PaymentGateway } from "../../payments/gateway";
import { processedInsert } from "../transitions.repo";

export interface SagaDeps {
  env: Cloudflare.Env;
  gateway: PaymentGateway;
  now: () => number;
  /** Called after each external effect; throws to simulate a consumer dying mid-step (SAGA_CRASH_RATE). */
  crash: (step: string) => void;
}

/** Retrying may help (a dependency was down, an outcome is unknown). */
export class TransientError extends Error {
  override name = "TransientError";
}

/** Retrying cannot help (a malformed or impossible event): straight to the dead-letter queue. */
export class PermanentError extends Error {
  override name = "PermanentError";
}

export class InjectedCrash extends TransientError {
  override name = "InjectedCrash";
}

export const crashHook = (rateVar: string | undefined, random: () => number = Math.random) => {
  const rate = Number(rateVar);
  const p = Number.isFinite(rate) && rate > 0 ? Math.min(rate, 1) : 0;
  return (step: string): void => {
    if (p > 0 && random() < p) throw new InjectedCrash(`injected crash after ${step}`);
  };
};

export const alreadyProcessed = async (env: Cloudflare.Env, consumer: string, eventId: string): Promise<boolean> =>
  (await env.DB.prepare(`SELECT 1 FROM processed_events WHERE consumer = ? AND event_id = ?`).bind(consumer, eventId).first()) !== null;

export const markProcessed = (env: Cloudflare.Env, consumer: string, eventId: string, at: number) =>
  processedInsert(env.DB, { consumer, eventId }, at).run();
