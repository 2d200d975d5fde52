// What a cart needs from D1: its products (deleted ones included, to flag them) and their
// availability from the inventory projection. Storage only; reads go to the primary.
import { inArray } from "drizzle-orm";
import { primaryDb } from "../shared/db/client";
import { products } from "../shared/db/schema";
import { readLevels } from "../inventory/levels.repo";
import type { CatalogEntry } from "./cart";

const MAX_IDS_PER_QUERY = 90; // D1 allows 100 bound parameters per statement

const chunks = (ids: readonly string[]): string[][] => {
  const unique = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += MAX_IDS_PER_QUERY) out.push(unique.slice(i, i + MAX_IDS_PER_QUERY));
  return out;
};

/** Catalog entries by product id, in one D1 round trip however many chunks. */
export const findCatalogEntries = async (env: Cloudflare.Env, ids: readonly string[]): Promise<Map<string, CatalogEntry>> => {
  const db = primaryDb(env);
  const queries = chunks(ids).map((chunk) =>
    db
      .select({
        productId: products.id,
        title: products.title,
        priceMinor: products.priceMinor,
        currency: products.currency,
        deletedAt: products.deletedAt,
      })
      .from(products)
      .where(inArray(products.id, chunk)),
  );
  const [first, ...rest] = queries;
  const results = first ? await db.batch([first, ...rest]) : [];
  const out = new Map<string, CatalogEntry>();
  for (const rows of results) {
    for (const { deletedAt, ...r } of rows) out.set(r.productId, { ...r, deleted: deletedAt !== null });
  }
  return out;
};

export interface CartInputs {
  catalog: Map<string, CatalogEntry>;
  /** Units available per product (no projection row = none recorded = 0). */
  stock: Map<string, number>;
}

/** Catalog and availability for `ids`, read in parallel. */
export const loadCartInputs = async (env: Cloudflare.Env, ids: readonly string[]): Promise<CartInputs> => {
  const [catalog, levels] = await Promise.all([findCatalogEntries(env, ids), readLevels(env.DB, ids)]);
  return { catalog, stock: new Map([...levels].map(([id, l]) => [id, l.available])) };
};
