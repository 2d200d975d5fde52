// Stock fixtures for inventory tests: products inserted straight into D1 (the inventory_levels
// projection has a foreign key to products) with the importer's version-0 stock row.
import { env } from "cloudflare:workers";

const SELLER = "sel_inventory_tests";

/** A product, and its initial stock row when `onHand` is given. Ids must be unique per file. */
export const seedProduct = async (id: string, onHand?: number): Promise<void> => {
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(`INSERT OR IGNORE INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, 'Stock tests', ?)`).bind(
      SELLER,
      now,
    ),
    env.DB.prepare(
      `INSERT INTO products (id, seller_id, title, price_minor, currency, category, created_at, updated_at)
       VALUES (?, ?, ?, 1000, 'GBP', 'books', ?, ?)`,
    ).bind(id, SELLER, `Stock test ${id}`, now, now),
    ...(onHand === undefined
      ? []
      : [
          env.DB.prepare(
            `INSERT INTO inventory_levels (product_id, on_hand, reserved, available, sold, version, updated_at) VALUES (?, ?, 0, ?, 0, 0, ?)`,
          ).bind(id, onHand, onHand, now),
        ]),
  ]);
};

export const stockStub = (sku: string) => env.INVENTORY.get(env.INVENTORY.idFromName(sku));

export interface LevelRow {
  on_hand: number;
  reserved: number;
  available: number;
  sold: number;
  version: number;
}

export const levelRow = (id: string) =>
  env.DB.prepare(`SELECT on_hand, reserved, available, sold, version FROM inventory_levels WHERE product_id = ?`)
    .bind(id)
    .first<LevelRow>();

/** Polls the D1 projection (written in the background) until it reaches `version`. */
export const projectionAt = async (id: string, version: number, timeoutMs = 3000): Promise<LevelRow | null> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await levelRow(id);
    if ((row && row.version >= version) || Date.now() > until) return row;
    await new Promise((r) => setTimeout(r, 10));
  }
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded PRNG (mulberry32), so a failing interleaving can be replayed. */
export const prng = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T };
};
