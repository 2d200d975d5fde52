// `npm run seed`: migrations, then the UCI Online Retail shop, the demo admin, optional synthetic
// products and an optional catalog file (`--catalog FILE [--only]`) into the local D1 `wrangler
// dev` uses. Idempotent; rerunning finishes a crashed run.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getPlatformProxy, unstable_readConfig } from "wrangler";
import { readCatalogOnly } from "../catalog-import/catalog.repo";
import {
  createAdmin,
  insertSyntheticProducts,
  readDemoImport,
  writeRetailImport,
} from "../demo-data/import.repo";
import { createRetailImporter, type ImportSummary } from "../demo-data/retail-import";
import { hashPassword } from "../identity/password";
import { recomputeSignals } from "../search/signals.repo";
import { runRecommendationsNow } from "../recommendations/build-job";
import { readLatestDone } from "../recommendations/jobs.repo";
import { checkCatalogFile, importCatalogFile, printCatalogImport } from "./catalog-seed";
import { adminPassword, endOfDayUtc, parseSeedArgs, progressLine, readGzipCsv, type SeedArgs } from "./seed-support";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Miniflare otherwise downloads a sample `request.cf` object on start: nothing here may need
// the internet. Inherited by `wrangler dev` when `npm start` launches it.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
export const ADMIN_EMAIL = "admin@example.com";
const DEFAULT_DATA_FILE = path.join(root, "../shared/data/online-retail.csv.gz");
const DEFAULT_SYNTHETIC_SEED = 42;

export type SeedOptions = SeedArgs & {
  /** Local state directory (wrangler's --persist-to); default .wrangler/state, what `wrangler dev` uses. */
  stateDir?: string;
};

const fmt = (n: number) => n.toLocaleString("en-GB");
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const DEFAULT_STATE_DIR = path.join(root, ".wrangler/state");

/**
 * The local D1 that `wrangler dev` uses, through wrangler's platform proxy, persisted where
 * wrangler keeps it. The proxy gets a config holding only that binding (derived from
 * wrangler.toml), so it starts nothing else of the Worker and has nothing else to warn about.
 */
const openDb = (stateDir: string) => {
  const config = unstable_readConfig({ config: path.join(root, "wrangler.toml") });
  const d1 = config.d1_databases.find((d: { binding: string }) => d.binding === "DB");
  if (!d1) throw new Error("wrangler.toml has no D1 binding named DB.");
  const seedConfig = path.join(stateDir, "seed.wrangler.json");
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(
    seedConfig,
    JSON.stringify({ name: config.name, compatibility_date: config.compatibility_date, d1_databases: [d1] }),
  );
  return getPlatformProxy<{ DB: D1Database }>({
    configPath: seedConfig,
    persist: { path: path.join(stateDir, "v3") },
    remoteBindings: false, // offline, always
  });
};

/** Migration files not yet recorded in wrangler's d1_migrations table (all, on a new database). */
const pendingMigrations = async (db: D1Database): Promise<string[]> => {
  const files = readdirSync(path.join(root, "migrations")).filter((f) => f.endsWith(".sql"));
  const applied = await db
    .prepare("SELECT name FROM d1_migrations")
    .all<{ name: string }>()
    .then((r) => new Set(r.results.map((m) => m.name)))
    .catch(() => new Set<string>()); // no table yet: nothing applied
  return files.filter((f) => !applied.has(f));
};

/**
 * wrangler asks "continue?" on a terminal; with stdin not a TTY and CI set it takes the default
 * (yes) instead, so the seed never blocks. Output still goes straight to ours.
 */
const applyMigrations = (stateDir: string) => {
  // The project's wrangler under the running Node (22): a system `wrangler` or Node 20 would not do.
  const wranglerPackage = createRequire(import.meta.url).resolve("wrangler/package.json");
  const wrangler = path.join(path.dirname(wranglerPackage), "bin/wrangler.js");
  const r = spawnSync(process.execPath, [wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CI: "true" },
  });
  if (r.status !== 0) throw new Error(`wrangler d1 migrations apply failed (exit ${r.status ?? r.signal}).`);
};

const countProducts = (db: D1Database): Promise<number> =>
  db.prepare("SELECT COUNT(*) AS n FROM products").first<number>("n").then((n) => n ?? 0, () => 0); // no table yet: 0

/** `--only` on a database holding products: delete the local D1 files, so the catalog stands alone. */
const resetLocalD1 = (stateDir: string, products: number) => {
  console.log(`--only: the local database held ${fmt(products)} products; starting a new, empty one (other local state is kept).`);
  rmSync(path.join(stateDir, "v3/d1"), { recursive: true, force: true });
};

const printSummary = (s: ImportSummary, inserted: Record<string, number>) => {
  const row = (label: string, total: number, key: string) =>
    console.log(`  ${label.padEnd(12)} ${fmt(total).padStart(9)}  (${fmt(inserted[key] ?? 0)} new)`);
  row("products", s.products, "products");
  row("customers", s.customers, "customers");
  row("orders", s.orders, "orders");
  row("order lines", s.orderLines, "orderLines");
  row("stock rows", s.products, "stockRows");
  const bad = Object.entries(s.badRows).map(([reason, n]) => `${reason} ${fmt(n ?? 0)}`);
  console.log(`  rows read    ${fmt(s.rows)}; bad rows (not imported): ${bad.join(", ") || "none"}`);
  console.log(
    `  skipped      ${fmt(s.skippedProducts.noDescription)} products without a description, ` +
      `${fmt(s.skippedProducts.noPositivePrice)} without a positive price, ` +
      `${fmt(s.emptyInvoices)} invoices with no importable line` +
      (s.until === null ? "" : `, ${fmt(s.invoicesAfterUntil)} invoices after ${isoDay(s.until)}`),
  );
};

export async function runSeed(options: SeedOptions = {}): Promise<void> {
  const started = performance.now();
  const until = options.until ? endOfDayUtc(options.until) : null;
  const password = adminPassword(root); // before any slow work: fail fast on a missing secret
  const catalogFile = options.catalog ? checkCatalogFile(options.catalog) : null; // and on a bad catalog path
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  let proxy = await openDb(stateDir);
  try {
    const held = options.only ? await countProducts(proxy.env.DB) : 0;
    if (held > 0) {
      await proxy.dispose();
      resetLocalD1(stateDir, held);
      proxy = await openDb(stateDir);
    }
    if ((await pendingMigrations(proxy.env.DB)).length > 0) {
      await proxy.dispose(); // one writer at a time on the local SQLite files
      applyMigrations(stateDir);
      proxy = await openDb(stateDir);
    }
    const db = proxy.env.DB;
    const progress = progressLine();
    const previous = options.ifEmpty ? await readDemoImport(db) : null;
    // A catalog imported with --only stays alone: `npm start` (--if-empty) adds no demo data to it.
    const catalogOnly = options.ifEmpty && !options.only ? await readCatalogOnly(db) : null;
    if (options.only) {
      console.log("Demo data: not loaded (--only).");
    } else if (catalogOnly) {
      console.log(`Catalog-only database (${catalogOnly.file}, seeded with --only): demo data not loaded.`);
    } else if (previous) {
      console.log(`Demo data already loaded (${new Date(previous.importedAt).toISOString()}): nothing loaded.`);
    } else {
      const importer = createRetailImporter({ until });
      let rows = 0;
      for await (const row of readGzipCsv(options.file ? path.resolve(options.file) : DEFAULT_DATA_FILE)) {
        importer.add(row);
        if (++rows % 25_000 === 0) progress.update("reading", rows);
      }
      progress.update("reading", rows);
      const data = importer.finish();
      const inserted = await writeRetailImport(db, data, { now: Date.now(), onProgress: progress.update });
      progress.close();
      console.log(`Demo data (UCI Online Retail) in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
      printSummary(data.summary, inserted);
    }
    if (options.synthetic) {
      const seed = options.syntheticSeed ?? DEFAULT_SYNTHETIC_SEED;
      const added = await insertSyntheticProducts(db, options.synthetic, seed, progress.update);
      progress.close();
      console.log(`Synthetic products: ${fmt(options.synthetic)} (seed ${seed}), ${fmt(added)} new.`);
    }
    if (catalogFile) {
      const imported = await importCatalogFile(db, catalogFile, { only: options.only ?? false, onProgress: progress.update });
      progress.close();
      printCatalogImport(catalogFile, imported);
    }
    // Search ranks by real sales from the first start (the cron keeps the signals fresh after).
    const signals = await recomputeSignals(db, Date.now());
    console.log(`Search signals: ${fmt(signals.products)} products updated in ${(signals.ms / 1000).toFixed(1)} s.`);
    // Recommendations from the first start; later the cron (every 6 h) or the admin route rebuilds them.
    if (!(await readLatestDone(db))) {
      const built = await runRecommendationsNow({ db, now: Date.now, owner: "seed" });
      console.log(
        built.status === "done"
          ? `Recommendations: ${fmt(built.stats.similarPairs ?? 0)} similar and ${fmt(built.stats.togetherPairs ?? 0)} bought-together pairs for ${fmt(built.stats.items ?? 0)} items in ${((built.stats.durationMs ?? 0) / 1000).toFixed(1)} s.`
          : `Recommendations: not built (${built.status}).`,
      );
    }
    const passwordHash = await hashPassword(password);
    const admin = await createAdmin(db, { email: ADMIN_EMAIL, passwordHash, now: Date.now() });
    if (admin === "email_taken") throw new Error(`${ADMIN_EMAIL} belongs to a non-admin account; admin not created.`);
    const adminState = admin === "created" ? "created (password: ADMIN_PASSWORD)" : "already there, password unchanged";
    console.log(`Admin ${ADMIN_EMAIL}: ${adminState}.`);
    console.log(`Seed finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await proxy.dispose();
  }
}

const main = () => runSeed(parseSeedArgs(process.argv.slice(2)));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
