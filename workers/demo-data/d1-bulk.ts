// Bulk writes for D1: multi-row `INSERT ... SELECT ... FROM json_each(?) ON CONFLICT DO NOTHING`
// statements, run in db.batch() calls. Storage plumbing only; no table knowledge.
//
// Why JSON rows: D1 allows at most 100 bound parameters per statement, so a VALUES list holds
// 11-16 rows and the full import needs ~36k statements (64.5 s measured locally). One JSON
// array parameter carries hundreds of rows within the same limit (9.2 s for the same data).

/** Rows per statement: keeps each JSON parameter far below D1's 2 MB value limit. */
export const ROWS_PER_STATEMENT = 400;
const MAX_JSON_BYTES = 1_000_000;
/**
 * Statements per db.batch(). A batch is one round trip and one transaction: too small and round
 * trips add up, too big and one transaction holds D1's single writer against the live app.
 * 20 statements is at most 8,000 rows.
 */
export const BATCH_STATEMENTS = 20;

export type SqlValue = string | number | null;
export type Progress = (phase: string, done: number, total: number) => void;

/** A unit that must land in one batch (one transaction), e.g. an order and its lines. */
export type StatementGroup = {
  statements: { statement: D1PreparedStatement; counter?: string }[];
  /** Items this group completes, for progress. */
  items: number;
};

/** Splits `items` into arrays of at most `size` (the last may be shorter). */
export function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Prepares SQL text; see `cachedPrepare`. */
export type Prepare = (sql: string) => D1PreparedStatement;

/**
 * A prepare() that reuses statements by SQL text. Through wrangler's platform proxy every
 * prepare() and bind() is a round trip to workerd (~1 ms each), which dominates a bulk import;
 * binding a cached statement halves the trips (bind never mutates the statement it is called
 * on). Make one per run: a statement must not outlive the Worker request that prepared it.
 */
export const cachedPrepare = (db: D1Database): Prepare => {
  const byText = new Map<string, D1PreparedStatement>();
  return (sql) => {
    let statement = byText.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      byText.set(sql, statement);
    }
    return statement;
  };
};

/** One statement inserting every row given, as a single JSON parameter. */
export const insertIgnore = (
  prepare: Prepare,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): D1PreparedStatement => {
  const json = JSON.stringify(rows);
  if (rows.length > ROWS_PER_STATEMENT || json.length > MAX_JSON_BYTES) {
    throw new Error(`${table}: ${rows.length} rows (${json.length} bytes) are too many for one statement`);
  }
  // `WHERE true` settles SQLite's parse ambiguity between a join's ON and the upsert clause.
  const sql =
    `INSERT INTO ${table} (${columns.join(", ")}) ` +
    `SELECT ${columns.map((_, i) => `value ->> ${i}`).join(", ")} FROM json_each(?) WHERE true ` +
    // RETURNING counts the rows this statement inserted; meta.changes would add rows written by
    // triggers (the search indexes), five per product.
    `ON CONFLICT DO NOTHING RETURNING 1`;
  return prepare(sql).bind(json);
};

/** Statement groups inserting `rows` into `table`, as many rows per statement as fit. */
export function* insertGroups(
  prepare: Prepare,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly SqlValue[]>,
): Generator<StatementGroup> {
  for (const chunk of chunked(rows, ROWS_PER_STATEMENT)) {
    const statement = insertIgnore(prepare, table, columns, chunk);
    yield { statements: [{ statement, counter: table }], items: chunk.length };
  }
}

/**
 * Runs groups in batches of about BATCH_STATEMENTS statements, never splitting a group.
 * Returns the rows changed per counter name: 0 for rows that already existed.
 */
export const runGroups = async (
  db: D1Database,
  phase: string,
  total: number,
  groups: Iterable<StatementGroup>,
  onProgress: Progress = () => {},
): Promise<Record<string, number>> => {
  const changed: Record<string, number> = {};
  let pending: StatementGroup["statements"] = [];
  let pendingItems = 0;
  let done = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const results = await db.batch(pending.map((s) => s.statement));
    pending.forEach((s, i) => {
      if (s.counter) changed[s.counter] = (changed[s.counter] ?? 0) + (results[i]?.results.length ?? 0);
    });
    done += pendingItems;
    [pending, pendingItems] = [[], 0];
    onProgress(phase, done, total);
  };
  onProgress(phase, 0, total);
  for (const group of groups) {
    if (pending.length > 0 && pending.length + group.statements.length > BATCH_STATEMENTS) await flush();
    pending.push(...group.statements);
    pendingItems += group.items;
  }
  await flush();
  return changed;
};
