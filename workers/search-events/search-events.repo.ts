// Search-event counters (D1): adds each verified event once to its product's row in
// product_signals, marking it in search_event_marks in the same transaction as the increment.
//
// Bounded storage: one mark row per search response that received events (a bit per result slot
// and type), so a response adds at most 1 row however many of its 50 results × 3 types are
// reported. Rows live MARK_RETENTION_MS (25 h: a search id is accepted for 24 h, plus an hour for
// queue retries), and never more than MAX_MARK_ROWS exist: at the cap new responses' events are
// not counted (ranking signals freeze under a flood rather than the database filling up).
// Worst case: 2,000,000 rows × ~90 bytes (16-character key, 4 integers, the key's index entry)
// ≈ 180 MB, whatever the number of clients; before that, each client address (/64) is limited to
// 60 requests a minute by EVENTS_RATE_LIMITER, and every event needs a signed search id.
import { counterDeltas, type SearchEventMessage, type SearchEventType } from "./events";

/** Two statements per event: a D1 batch of 50 events stays at 100 statements. */
export const EVENTS_PER_BATCH = 50;
export const MARK_RETENTION_MS = 25 * 3_600_000;
export const MAX_MARK_ROWS = 2_000_000;

const COLUMN: Record<SearchEventType, string> = { impression: "impressions", click: "clicks", add_to_cart: "add_to_carts" };

// Rows are inserted in time order and purged oldest first, so the rowid span bounds the row
// count from above (an O(log n) look-up, unlike COUNT(*)). A search already marked may always
// add bits: its row exists.
const ROOM = `(EXISTS (SELECT 1 FROM search_event_marks WHERE search_nonce = ?1)
  OR coalesce((SELECT max(rowid) FROM search_event_marks) - (SELECT min(rowid) FROM search_event_marks) + 1, 0) < ?2)`;

// The increment is conditional on the bit not being set yet and runs BEFORE the mark: a
// redelivered event (or a second copy later in the same batch) finds its bit and adds nothing.
// Unknown products select no row (the foreign key would refuse it). The SELECT's WHERE also
// settles SQLite's INSERT ... SELECT ... ON CONFLICT parsing ambiguity.
const increment = (col: string) => `
  INSERT INTO product_signals (product_id, impressions, clicks, add_to_carts, updated_at)
  SELECT id, ?4, ?5, ?6, ?7 FROM products
  WHERE id = ?8 AND ${ROOM}
    AND NOT EXISTS (SELECT 1 FROM search_event_marks WHERE search_nonce = ?1 AND (${col} >> ?3) & 1 = 1)
  ON CONFLICT(product_id) DO UPDATE SET
    impressions = impressions + excluded.impressions,
    clicks = clicks + excluded.clicks,
    add_to_carts = add_to_carts + excluded.add_to_carts,
    updated_at = excluded.updated_at`;

const mark = (col: string) => `
  INSERT INTO search_event_marks (search_nonce, ${col}, received_at) SELECT ?1, 1 << ?3, ?4 WHERE ${ROOM}
  ON CONFLICT(search_nonce) DO UPDATE SET ${col} = ${col} | excluded.${col}`;

/**
 * Counts up to EVENTS_PER_BATCH events in one D1 batch (one transaction: all or nothing, so a
 * failed batch can simply be redelivered). Events of searches answered before the marks'
 * retention are skipped (their marks may be gone). `cap`: MAX_MARK_ROWS (tests lower it).
 * Answers how many events were counted.
 */
export const countSearchEvents = async (
  db: D1Database,
  events: readonly SearchEventMessage[],
  now: number,
  cap = MAX_MARK_ROWS,
): Promise<number> => {
  const live = events.filter((e) => e.data.issuedAt >= now - MARK_RETENTION_MS);
  if (live.length === 0) return 0;
  if (live.length > EVENTS_PER_BATCH) throw new Error(`countSearchEvents: at most ${EVENTS_PER_BATCH} events per call`);
  const results = await db.batch(
    live.flatMap((e) => {
      const col = COLUMN[e.type];
      const { searchId, slot, productId } = e.data;
      return [
        db.prepare(increment(col)).bind(searchId, cap, slot, ...counterDeltas(e.type), now, productId),
        db.prepare(mark(col)).bind(searchId, cap, slot, now),
      ];
    }),
  );
  return results.filter((r, i) => i % 2 === 0 && (r.meta.changes ?? 0) > 0).length;
};

/** Forgets marks received before `now - MARK_RETENTION_MS`. */
export const purgeSearchEventMarks = async (db: D1Database, now: number): Promise<number> => {
  const r = await db
    .prepare(`DELETE FROM search_event_marks WHERE received_at < ?`)
    .bind(now - MARK_RETENTION_MS)
    .run();
  return r.meta.changes ?? 0;
};
