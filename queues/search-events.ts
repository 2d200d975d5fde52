// Search-events consumer: counts each event once into its product's product_signals counters
// (dedup by event id, in the same D1 transaction). Delivery is at least once, in any order.
import { parseSearchEventMessage, type SearchEventMessage } from "../workers/search-events/events";
import { countSearchEvents, EVENTS_PER_BATCH } from "../workers/search-events/search-events.repo";

/** Seconds before a retry: 5, 10, 20, 40, 80 (then, after max_retries, search-events-dlq). */
export const searchEventRetryDelay = (attempts: number): number => Math.min(5 * 2 ** Math.max(0, attempts - 1), 300);

// A message that is not a search event is retried rather than acked: only our own API produces
// them, so one means version skew (a newer producer during a deploy, which a later attempt may
// read) or a bug. Either way, after max_retries the platform moves it to search-events-dlq, where
// it is recorded for admins and can be replayed once fixed. There is no DLQ producer binding to
// send it there at once; acking would lose it silently.
const poison = (message: Message<unknown>) => {
  console.error(`search-events: message ${message.id} is not a search event (attempt ${message.attempts}): retrying`);
  message.retry({ delaySeconds: searchEventRetryDelay(message.attempts) });
};

export const handleSearchEvents = async (batch: MessageBatch<unknown>, env: Cloudflare.Env): Promise<void> => {
  const events: { message: Message<unknown>; event: SearchEventMessage }[] = [];
  for (const message of batch.messages) {
    const event = parseSearchEventMessage(message.body);
    if (event) events.push({ message, event });
    else poison(message);
  }
  const now = Date.now();
  for (let i = 0; i < events.length; i += EVENTS_PER_BATCH) {
    const chunk = events.slice(i, i + EVENTS_PER_BATCH);
    try {
      await countSearchEvents(
        env.DB,
        chunk.map((c) => c.event),
        now,
      );
      for (const c of chunk) c.message.ack();
    } catch (e) {
      // D1 unavailable or overloaded: the chunk's transaction wrote nothing; all of it comes back.
      console.warn(`search-events: ${chunk.length} events not counted, retrying`, e);
      for (const c of chunk) c.message.retry({ delaySeconds: searchEventRetryDelay(c.message.attempts) });
    }
  }
};
