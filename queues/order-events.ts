// The checkout saga's consumer: each message runs its step (workers/orders/saga). Success acks;
// a transient failure retries with exponential backoff (then the platform dead-letters it); a
// permanent one (malformed or impossible event) goes straight to the dead-letter queue.
import { crashHook, PermanentError, type SagaDeps } from "../workers/orders/saga/context";
import { runSagaStep } from "../workers/orders/saga/dispatch";
import { retryDelaySeconds } from "../workers/orders/orders";
import { paymentGateway } from "../workers/payments/gateway-factory";
import { parseOrderEvent } from "../workers/shared/events";

export const sagaDeps = (env: Cloudflare.Env): SagaDeps => ({
  env,
  gateway: paymentGateway(env),
  now: () => Date.now(),
  crash: crashHook(env.SAGA_CRASH_RATE),
});

const deadLetter = async (env: Cloudflare.Env, msg: Message<unknown>, why: string) => {
  console.error(`order-events: dead-lettering ${msg.id}: ${why}`);
  await env.ORDER_EVENTS_DLQ.send(msg.body, { contentType: "json" });
  msg.ack();
};

export const handleOrderEvent = async (msg: Message<unknown>, deps: SagaDeps): Promise<void> => {
  const event = parseOrderEvent(msg.body);
  if (!event) return deadLetter(deps.env, msg, "not an order event");
  try {
    const outcome = await runSagaStep(deps, event);
    if (outcome.retryInSeconds !== undefined) msg.retry({ delaySeconds: Math.min(outcome.retryInSeconds, 43_200) });
    else msg.ack();
  } catch (e) {
    if (e instanceof PermanentError) return deadLetter(deps.env, msg, e.message);
    console.warn(`order-events: ${event.type} ${event.id} attempt ${msg.attempts} failed, retrying`, e);
    msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
  }
};

export const handleOrderEvents = async (
  batch: MessageBatch<unknown>,
  env: Cloudflare.Env,
  _ctx?: ExecutionContext,
  deps: SagaDeps = sagaDeps(env),
): Promise<void> => {
  // Messages are independent (each step is conditional and idempotent), so they run side by side.
  await Promise.all(batch.messages.map((m) => handleOrderEvent(m, deps)));
};
