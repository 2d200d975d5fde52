// Stores an imported catalog in D1: JSON-row upserts (see demo-data/d1-bulk.ts) owned by one
// seller, each with its all-zero ratings row. A rerun updates only rows whose fields changed.
import { BATCH_STATEMENTS, cachedPrepare, insertIgnore, ROWS_PER_STATEMENT } from "../demo-data/d1-bulk";
import { recountCategories } from "../demo-data/import.repo";
import type { CatalogProduct } from "./catalog-file";

export const CATALOG_SELLER_ID = "sel_catalog_import";
export const CATALOG_SELLER_NAME = "Imported catalog";
/** app_meta keys: the last catalog import; the catalog a database was created for by `--only`. */
export const CATALOG_IMPORT_META_KEY = "catalog_import";
export const CATALOG_ONLY_META_KEY = "catalog_only";
export type CatalogImportMeta = { file: string; products: number; importedAt: number };
/** ≤ 1.8 MB of UTF-8 even if every character took 3 bytes: below D1's 2 MB per bound value. */
const MAX_JSON_CHARS = 600_000;
const STATEMENTS_PER_CHUNK = 3;
const CHUNKS_PER_BATCH = Math.max(1, Math.floor(BATCH_STATEMENTS / STATEMENTS_PER_CHUNK));

const COLUMNS = [
  "id",
  "seller_id",
  "title",
  "description",
  "price_minor",
  "currency",
  "category",
  "attributes",
  "prime_eligible",
  "created_at",
  "updated_at",
];
const CHANGING = ["title", "description", "price_minor", "currency", "category", "attributes"];
// An id owned by another seller is left alone; an unchanged row is not rewritten (nor re-indexed).
const UPSERT_SQL =
  `INSERT INTO products (${COLUMNS.join(", ")}) ` +
  `SELECT ${COLUMNS.map((_, i) => `value ->> ${i}`).join(", ")} FROM json_each(?) WHERE true ` +
  `ON CONFLICT (id) DO UPDATE SET ${CHANGING.map((c) => `${c} = excluded.${c}`).join(", ")}, ` +
  `version = products.version + 1, updated_at = excluded.updated_at ` +
  `WHERE products.seller_id = excluded.seller_id ` +
  `AND (${CHANGING.map((c) => `products.${c}`).join(", ")}) <> (${CHANGING.map((c) => `excluded.${c}`).join(", ")})`;
const FOREIGN_SQL = `SELECT COUNT(*) AS n FROM products WHERE id IN (SELECT value FROM json_each(?)) AND seller_id <> ?`;

export type CatalogWriteResult = {
  /** Products in the file (valid rows). */
  products: number;
  inserted: number;
  updated: number;
  /** Ids that belong to another seller's product: not imported. */
  idTaken: number;
};

/** Rows this run wrote: new ones carry its timestamp as created_at, changed ones as updated_at. */
const countWritten = (db: D1Database, now: number) =>
  db
    .prepare(
      `SELECT COALESCE(SUM(created_at = ?1), 0) AS inserted, COALESCE(SUM(created_at <> ?1 AND updated_at = ?1), 0) AS updated
       FROM products WHERE seller_id = ?2`,
    )
    .bind(now, CATALOG_SELLER_ID)
    .first<{ inserted: number; updated: number }>();

/**
 * Streams products into D1: `add` buffers and writes a batch (one transaction) when full;
 * `finish` writes the rest, recounts categories and records the import.
 */
export const createCatalogWriter = async (
  db: D1Database,
  options: { now: number; file: string; only: boolean; onProgress?: (phase: string, done: number) => void },
) => {
  const { now, onProgress = () => {} } = options;
  const prepare = cachedPrepare(db);
  await db
    .prepare(`INSERT INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, ?, ?) ON CONFLICT DO NOTHING`)
    .bind(CATALOG_SELLER_ID, CATALOG_SELLER_NAME, now)
    .run();
  const result: CatalogWriteResult = { products: 0, inserted: 0, updated: 0, idTaken: 0 };
  let chunks: CatalogProduct[][] = [];
  let chunk: CatalogProduct[] = [];
  let chunkChars = 0;

  const flush = async () => {
    if (chunk.length > 0) chunks.push(chunk);
    [chunk, chunkChars] = [[], 0];
    if (chunks.length === 0) return;
    const statements = chunks.flatMap((c) => {
      const rows = c.map((p) => [
        p.id,
        CATALOG_SELLER_ID,
        p.title,
        p.description,
        p.priceMinor,
        p.currency,
        p.category,
        p.attributes,
        0,
        now,
        now,
      ]);
      const ids = JSON.stringify(c.map((p) => p.id));
      return [
        prepare(FOREIGN_SQL).bind(ids, CATALOG_SELLER_ID),
        prepare(UPSERT_SQL).bind(JSON.stringify(rows)),
        insertIgnore(
          prepare,
          "product_ratings",
          ["product_id"],
          c.map((p) => [p.id]),
        ),
      ];
    });
    const results = await db.batch<{ n: number }>(statements);
    results.forEach((r, i) => {
      if (i % STATEMENTS_PER_CHUNK === 0) result.idTaken += r.results[0]?.n ?? 0; // the FOREIGN_SQL count
    });
    result.products += chunks.reduce((n, c) => n + c.length, 0);
    chunks = [];
    onProgress("catalog", result.products);
  };

  return {
    async add(p: CatalogProduct): Promise<void> {
      const chars = p.title.length + p.description.length + p.attributes.length + 100;
      if (chunk.length === ROWS_PER_STATEMENT || chunkChars + chars > MAX_JSON_CHARS) {
        chunks.push(chunk);
        [chunk, chunkChars] = [[], 0];
        if (chunks.length === CHUNKS_PER_BATCH) await flush();
      }
      chunk.push(p);
      chunkChars += chars;
    },
    async finish(): Promise<CatalogWriteResult> {
      await flush();
      const written = await countWritten(db, now);
      result.inserted = written?.inserted ?? 0;
      result.updated = written?.updated ?? 0;
      const meta: CatalogImportMeta = { file: options.file, products: result.products, importedAt: now };
      const record = (key: string) =>
        db
          .prepare(
            `INSERT INTO app_meta (key, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          )
          .bind(key, JSON.stringify(meta), now);
      await db.batch([recountCategories(db), record(CATALOG_IMPORT_META_KEY), ...(options.only ? [record(CATALOG_ONLY_META_KEY)] : [])]);
      return result;
    },
  };
};

/**
 * The catalog this database was created for with `--only` (which always starts from an empty
 * database), or null: then `npm start` must not add the demo data.
 */
export const readCatalogOnly = async (db: D1Database): Promise<CatalogImportMeta | null> => {
  const value = await db.prepare(`SELECT value FROM app_meta WHERE key = ?`).bind(CATALOG_ONLY_META_KEY).first<string>("value");
  return value === null ? null : (JSON.parse(value) as CatalogImportMeta);
};
