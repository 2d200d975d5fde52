// Search-event counters (D1): adds each event once to its product's row in product_signals,
// the dedup key written in the same transaction as the increment.
import { counterDeltas, type SearchEventMessage } from "./events";

/** Two statements per event: a D1 batch of 50 events stays at 100 statements. */
export const EVENTS_PER_BATCH = 50;

// The increment is conditional on the key not being seen yet and runs BEFORE the key's insert:
// a redelivered event (or a second copy in the same batch, later in the transaction) finds its
// key and adds nothing. Unknown products select no row (the foreign key would refuse it).
// The SELECT's WHERE also settles SQLite's INSERT ... SELECT ... ON CONFLICT parsing ambiguity.
const INCREMENT = `
  INSERT INTO product_signals (product_id, impressions, clicks, add_to_carts, purchases, updated_at)
  SELECT id, ?, ?, ?, ?, ? FROM products
  WHERE id = ? AND NOT EXISTS (SELECT 1 FROM search_events_seen WHERE event_id = ?)
  ON CONFLICT(product_id) DO UPDATE SET
    impressions = impressions + excluded.impressions,
    clicks = clicks + excluded.clicks,
    add_to_carts = add_to_carts + excluded.add_to_carts,
    purchases = purchases + excluded.purchases,
    updated_at = excluded.updated_at`;

const SEEN = `INSERT INTO search_events_seen (event_id, received_at) VALUES (?, ?) ON CONFLICT(event_id) DO NOTHING`;

/**
 * Counts up to EVENTS_PER_BATCH events in one D1 batch (one transaction: all or nothing, so a
 * failed batch can simply be redelivered). Answers how many events were counted (new, known product).
 */
export const countSearchEvents = async (db: D1Database, events: readonly SearchEventMessage[], now: number): Promise<number> => {
  if (events.length === 0) return 0;
  if (events.length > EVENTS_PER_BATCH) throw new Error(`countSearchEvents: at most ${EVENTS_PER_BATCH} events per call`);
  const increment = db.prepare(INCREMENT);
  const seen = db.prepare(SEEN);
  const results = await db.batch(
    events.flatMap((e) => [
      increment.bind(...counterDeltas(e.type), now, e.data.productId, e.id),
      seen.bind(e.id, now),
    ]),
  );
  return results.filter((r, i) => i % 2 === 0 && (r.meta.changes ?? 0) > 0).length;
};

/** Forgets dedup keys received before `cutoff` (kept longer than a message can live in a queue). */
export const purgeSeenEvents = async (db: D1Database, cutoff: number): Promise<number> => {
  const r = await db.prepare(`DELETE FROM search_events_seen WHERE received_at < ?`).bind(cutoff).run();
  return r.meta.changes ?? 0;
};
