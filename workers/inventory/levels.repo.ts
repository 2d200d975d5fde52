// The D1 availability projection (inventory_levels): read by browsing and carts, written by the
// InventoryDO after each change. Eventually consistent; checkout asks the DO instead.
import type { InventorySnapshot } from "./types";

export interface StockLevel {
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
  sold: number;
  version: number;
}

const MAX_IDS_PER_QUERY = 90; // D1 allows 100 bound parameters per statement

/** Levels for the given products; a product with no row has no stock recorded (0 available). */
export const readLevels = async (db: D1Database, productIds: readonly string[]): Promise<Map<string, StockLevel>> => {
  const unique = [...new Set(productIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += MAX_IDS_PER_QUERY) chunks.push(unique.slice(i, i + MAX_IDS_PER_QUERY));
  const out = new Map<string, StockLevel>();
  if (chunks.length === 0) return out;
  const results = await db.batch(
    chunks.map((ids) =>
      db
        .prepare(
          `SELECT product_id AS productId, on_hand AS onHand, reserved, available, sold, version
           FROM inventory_levels WHERE product_id IN (${ids.map(() => "?").join(", ")})`,
        )
        .bind(...ids),
    ),
  );
  for (const r of results) for (const row of r.results as unknown as StockLevel[]) out.set(row.productId, row);
  return out;
};

/** The version-0 row a new DO takes as its initial stock (written by the importer). */
export const readInitialStock = async (db: D1Database, productId: string): Promise<number> => {
  const row = await db.prepare(`SELECT on_hand FROM inventory_levels WHERE product_id = ?`).bind(productId).first<number>("on_hand");
  return row ?? 0;
};

/** Writes the snapshot unless a newer version is already there (writes may arrive out of order). */
export const upsertLevel = (db: D1Database, s: InventorySnapshot, now: number): D1PreparedStatement =>
  db
    .prepare(
      `INSERT INTO inventory_levels (product_id, on_hand, reserved, available, sold, version, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM products WHERE id = ?1)
       ON CONFLICT (product_id) DO UPDATE SET
         on_hand = excluded.on_hand, reserved = excluded.reserved, available = excluded.available,
         sold = excluded.sold, version = excluded.version, updated_at = excluded.updated_at
       WHERE excluded.version > inventory_levels.version`,
    )
    .bind(s.sku, s.onHand, s.reserved, s.available, s.sold, s.version, now);

/** Runs `upsertLevel` now (the InventoryDO's projection write). */
export const writeLevel = async (db: D1Database, s: InventorySnapshot): Promise<void> => {
  await upsertLevel(db, s, Date.now()).run();
};
