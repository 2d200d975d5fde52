// `npm run seed -- --catalog FILE`: streams a TSV/JSONL catalog file (gzip when it ends in .gz)
// through the parser into D1, with progress. Also used by the search evaluation (test/eval).
import { createReadStream, existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { catalogFormat, createCatalogReader, type CatalogSummary, type Category } from "../catalog-import/catalog-file";
import { createCatalogWriter, type CatalogWriteResult } from "../catalog-import/catalog.repo";

export type CatalogImport = { summary: CatalogSummary; written: CatalogWriteResult; seconds: number };

/** The catalog file's absolute path, checked before any slow work: it exists and is .tsv/.jsonl[.gz]. */
export const checkCatalogFile = (file: string): string => {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new Error(`Catalog file not found: ${absolute}`);
  catalogFormat(absolute);
  return absolute;
};

/** Every line of a text file, gunzipped when the name ends in .gz; never fully in memory. */
export async function* readLines(file: string): AsyncGenerator<string> {
  if (!existsSync(file)) throw new Error(`Catalog file not found: ${file}`);
  const input = createReadStream(file);
  yield* createInterface({ input: file.endsWith(".gz") ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
}

export const importCatalogFile = async (
  db: D1Database,
  file: string,
  options: { only: boolean; now?: number; onProgress?: (phase: string, done: number) => void },
): Promise<CatalogImport> => {
  const started = performance.now();
  const format = catalogFormat(file);
  const categories = (await db.prepare(`SELECT slug, name FROM categories`).all<Category>()).results;
  const reader = createCatalogReader(format, categories);
  const writer = await createCatalogWriter(db, {
    now: options.now ?? Date.now(),
    file,
    only: options.only,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  for await (const line of readLines(file)) {
    const product = reader.push(line);
    if (product) await writer.add(product);
  }
  const written = await writer.finish();
  return { summary: reader.summary(), written, seconds: (performance.now() - started) / 1000 };
};

export const printCatalogImport = (file: string, { summary: s, written: w, seconds }: CatalogImport) => {
  const fmt = (n: number) => n.toLocaleString("en-GB");
  const skipped = Object.entries(s.skipped).map(([reason, n]) => `${reason} ${fmt(n ?? 0)}`);
  console.log(`Catalog ${file} in ${seconds.toFixed(1)} s:`);
  console.log(`  products     ${fmt(s.products).padStart(9)}  (${fmt(w.inserted)} new, ${fmt(w.updated)} updated)`);
  console.log(`  rows read    ${fmt(s.rows)}; skipped: ${skipped.join(", ") || "none"}`);
  if (w.idTaken > 0) console.log(`  not imported ${fmt(w.idTaken)} ids already used by another seller's products`);
  if (s.unpriced > 0) console.log(`  unpriced     ${fmt(s.unpriced)} (stored with price 0)`);
  if (s.categoryFromTitle > 0) console.log(`  categorised  ${fmt(s.categoryFromTitle)} from the title (no known category given)`);
  if (s.ignoredColumns.length > 0) console.log(`  ignored columns: ${s.ignoredColumns.join(", ")}`);
};
