// Stores the demo data in D1 (imported shop, demo admin, synthetic products). Storage only; every
// insert is ON CONFLICT DO NOTHING, so reruns change nothing and finish a crashed run.
import {
  cachedPrepare,
  chunked,
  insertGroups,
  insertIgnore,
  ROWS_PER_STATEMENT,
  runGroups,
  type Prepare,
  type Progress,
  type SqlValue,
  type StatementGroup,
} from "./d1-bulk";
import { initialStock } from "./demo-stock";
import type { ImportedOrder, ImportedProduct, ImportSummary, RetailImport } from "./retail-types";
import {
  MAX_SYNTHETIC_PRODUCTS,
  SYNTHETIC_EPOCH,
  SYNTHETIC_SELLER_ID,
  SYNTHETIC_SELLER_NAME,
  syntheticProducts,
  type SyntheticProduct,
} from "./synthetic";

export type { Progress } from "./d1-bulk";
export const RETAIL_SELLER_ID = "sel_uci_gift_shop";
export const RETAIL_SELLER_NAME = "UCI Online Retail Gift Shop";
/** app_meta key written last: its presence means the retail import completed. */
export const DEMO_IMPORT_META_KEY = "demo_import";
export const ADMIN_USER_ID = "usr_admin";

const PRODUCT_COLUMNS = ["id", "seller_id", "title", "price_minor", "currency", "category", "prime_eligible", "created_at", "updated_at"];
const USER_COLUMNS = ["id", "email", "password_hash", "name", "role", "country", "created_at"];
const ORDER_COLUMNS = [
  "id",
  "customer_id",
  "status",
  "currency",
  "total_minor",
  "item_count",
  "source_invoice",
  "created_at",
  "updated_at",
];
const LINE_COLUMNS = ["order_id", "line_no", "product_id", "title", "quantity", "unit_price_minor"];
const STOCK_COLUMNS = ["product_id", "on_hand", "reserved", "available", "sold", "version", "updated_at"];

/** Rows this run inserted (0 on a rerun: they already existed). */
export type InsertedCounts = { products: number; customers: number; orders: number; orderLines: number; stockRows: number };

/** One UPDATE recounting every category from live products (the schema's product_count rule). */
export const recountCategories = (db: D1Database): D1PreparedStatement =>
  db.prepare(
    `UPDATE categories SET product_count = (SELECT COUNT(*) FROM products p
       WHERE p.category = categories.slug AND p.deleted_at IS NULL)`,
  );

const insertSeller = (db: D1Database, id: string, name: string, createdAt: number) =>
  db
    .prepare(`INSERT INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, ?, ?) ON CONFLICT DO NOTHING`)
    .bind(id, name, createdAt)
    .run();

/** Each product with its all-zero ratings row, in one group so neither exists without the other. */
function* productGroups(
  prepare: Prepare,
  sellerId: string,
  products: Iterable<ImportedProduct | SyntheticProduct>,
): Generator<StatementGroup> {
  for (const chunk of chunked(products, ROWS_PER_STATEMENT)) {
    const rows = chunk.map((p): SqlValue[] => [
      p.id,
      sellerId,
      p.title,
      p.priceMinor,
      p.currency,
      p.category,
      p.primeEligible ? 1 : 0,
      p.createdAt,
      p.createdAt,
    ]);
    const catalog = insertIgnore(prepare, "products", PRODUCT_COLUMNS, rows);
    const ratings = insertIgnore(
      prepare,
      "product_ratings",
      ["product_id"],
      chunk.map((p) => [p.id]),
    );
    yield { statements: [{ statement: catalog, counter: "products" }, { statement: ratings }], items: chunk.length };
  }
}

/** Orders with their lines in one group: an order is never visible without its lines. */
function* orderGroups(prepare: Prepare, orders: readonly ImportedOrder[]): Generator<StatementGroup> {
  for (const chunk of chunked(orders, ROWS_PER_STATEMENT)) {
    const rows = chunk.map((o): SqlValue[] => [
      o.id,
      o.customerId,
      o.status,
      o.currency,
      o.totalMinor,
      o.itemCount,
      o.sourceInvoice,
      o.createdAt,
      o.createdAt,
    ]);
    const lines = chunk.flatMap((o) =>
      o.lines.map((l): SqlValue[] => [o.id, l.lineNo, l.productId, l.title, l.quantity, l.unitPriceMinor]),
    );
    const statements: StatementGroup["statements"] = [
      { statement: insertIgnore(prepare, "orders", ORDER_COLUMNS, rows), counter: "orders" },
    ];
    for (const part of chunked(lines, ROWS_PER_STATEMENT)) {
      statements.push({ statement: insertIgnore(prepare, "order_lines", LINE_COLUMNS, part), counter: "order_lines" });
    }
    yield { statements, items: chunk.length };
  }
}

export const writeRetailImport = async (
  db: D1Database,
  data: RetailImport,
  options: { now: number; onProgress?: Progress },
): Promise<InsertedCounts> => {
  const { now, onProgress } = options;
  const prepare = cachedPrepare(db);
  // The shop "opened" with its first sale: the seller row then reads the same on every run.
  const opened = data.products.reduce((min, p) => Math.min(min, p.createdAt), now);
  await insertSeller(db, RETAIL_SELLER_ID, RETAIL_SELLER_NAME, opened);
  const productRuns = productGroups(prepare, RETAIL_SELLER_ID, data.products);
  const products = await runGroups(db, "products", data.products.length, productRuns, onProgress);
  const customerRows = data.customers.map((c): SqlValue[] => [c.id, c.email, null, c.name, "customer", c.country, c.createdAt]);
  const customerRuns = insertGroups(prepare, "users", USER_COLUMNS, customerRows);
  const customers = await runGroups(db, "customers", customerRows.length, customerRuns, onProgress);
  // An order and its lines land in one batch, so a stored order is complete: skip it unwritten.
  // A rerun or a resumed crash then costs seconds, not another pass over half a million lines.
  const stored = await storedImportedOrderIds(db);
  const missing = data.orders.filter((o) => !stored.has(o.id));
  const orders = await runGroups(db, "orders", missing.length, orderGroups(prepare, missing), onProgress);
  // Version-0 availability rows: each SKU's InventoryDO takes its row as initial stock on first
  // use. DO NOTHING keeps whatever the DOs have written since, on a rerun.
  const stock = initialStock(
    data.products.map((p) => p.id),
    data.orders,
  );
  const stockRows = [...stock].map(([id, units]): SqlValue[] => [id, units, 0, units, 0, 0, now]);
  const stocked = await runGroups(
    db,
    "stock",
    stockRows.length,
    insertGroups(prepare, "inventory_levels", STOCK_COLUMNS, stockRows),
    onProgress,
  );
  await finishImport(db, data.summary, now);
  return {
    products: products.products ?? 0,
    customers: customers.users ?? 0,
    orders: orders.orders ?? 0,
    orderLines: orders.order_lines ?? 0,
    stockRows: stocked.inventory_levels ?? 0,
  };
};

const storedImportedOrderIds = async (db: D1Database): Promise<Set<string>> => {
  const rows = await db.prepare(`SELECT id FROM orders WHERE source_invoice IS NOT NULL`).raw<[string]>();
  return new Set(rows.map(([id]) => id));
};

/** Recount, then mark the import done: last, so a crash before it means "not finished". */
const finishImport = async (db: D1Database, summary: ImportSummary, now: number) => {
  await db.batch([
    recountCategories(db),
    db
      .prepare(
        `INSERT INTO app_meta (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .bind(DEMO_IMPORT_META_KEY, JSON.stringify({ ...summary, importedAt: now }), now),
  ]);
};

/** The stored summary of the last completed retail import, or null when there was none. */
export type DemoImportMeta = ImportSummary & { importedAt: number };
export const readDemoImport = async (db: D1Database): Promise<DemoImportMeta | null> => {
  const value = await db.prepare(`SELECT value FROM app_meta WHERE key = ?`).bind(DEMO_IMPORT_META_KEY).first<string>("value");
  return value === null ? null : (JSON.parse(value) as DemoImportMeta);
};

export type AdminResult = "created" | "exists" | "email_taken";

/**
 * The demo admin (`usr_admin`). An existing admin keeps its password: re-seeding must not undo
 * a password change. "email_taken" means a non-admin account already uses the address.
 */
export const createAdmin = async (db: D1Database, admin: { email: string; passwordHash: string; now: number }): Promise<AdminResult> => {
  const email = admin.email.trim().toLowerCase();
  const inserted = await db
    .prepare(
      `INSERT INTO users (id, email, password_hash, name, role, created_at)
       VALUES (?, ?, ?, 'Administrator', 'admin', ?) ON CONFLICT DO NOTHING`,
    )
    .bind(ADMIN_USER_ID, email, admin.passwordHash, admin.now)
    .run();
  if (inserted.meta.changes > 0) return "created";
  const holder = await db.prepare(`SELECT role FROM users WHERE email = ?`).bind(email).first<string>("role");
  return holder === "admin" ? "exists" : "email_taken";
};

/** N deterministic synthetic products (ids SYN0000001...) for scale tests; returns rows inserted. */
export const insertSyntheticProducts = async (db: D1Database, n: number, seed: number, onProgress?: Progress): Promise<number> => {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SYNTHETIC_PRODUCTS) {
    throw new Error(`synthetic product count must be an integer 0..${MAX_SYNTHETIC_PRODUCTS}`);
  }
  await insertSeller(db, SYNTHETIC_SELLER_ID, SYNTHETIC_SELLER_NAME, SYNTHETIC_EPOCH);
  const runs = productGroups(cachedPrepare(db), SYNTHETIC_SELLER_ID, syntheticProducts(seed, n));
  const changed = await runGroups(db, "synthetic", n, runs, onProgress);
  await recountCategories(db).run();
  return changed.products ?? 0;
};
