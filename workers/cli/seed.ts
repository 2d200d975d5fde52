// `npm run seed`: migrations, then the UCI Online Retail shop, the demo admin, optional synthetic
// products and an optional catalog file (`--catalog FILE [--only]`) into the local D1 `wrangler
// dev` uses. Idempotent; rerunning finishes a crashed run.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getPlatformProxy, unstable_readConfig } from "wrangler";
import { readCatalogOnly } from "../catalog-import/catalog.repo";
import { createAdmin, insertSyntheticProducts, readDemoImport, writeRetailImport } from "../demo-data/import.repo";
import { createRetailImporter, type ImportSummary } from "../demo-data/retail-import";
import { hashPassword } from "../identity/password";
import { recomputeSignals } from "../search/signals.repo";
import { runRecommendationsNow } from "../recommendations/build-job";
import { readLatestDone } from "../recommendations/jobs.repo";
import { checkCatalogFile, importCatalogFile, printCatalogImport } from "./catalog-seed";
import { adminSummary } from "./admin-password";
import { recordFigure } from "./figures";
import { fmtDuration } from "./figures-block";
import { createSteps, recsFraction, type Step } from "./progress";
import { adminPassword, endOfDayUtc, parseSeedArgs, readGzipCsv, type SeedArgs } from "./seed-support";

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
  writeFileSync(seedConfig, JSON.stringify({ name: config.name, compatibility_date: config.compatibility_date, d1_databases: [d1] }));
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
 * (yes) instead, so the seed never blocks. Its output (a table of the migrations, twice) is
 * captured: the seed prints one summary line, and wrangler's words only when it fails.
 */
const applyMigrations = async (stateDir: string, step: Step): Promise<void> => {
  // The project's wrangler under the running Node (22): a system `wrangler` or Node 20 would not do.
  const wranglerPackage = createRequire(import.meta.url).resolve("wrangler/package.json");
  const wrangler = path.join(path.dirname(wranglerPackage), "bin/wrangler.js");
  const child = spawn(process.execPath, [wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true" },
  });
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output += b.toString()));
  // wrangler says nothing measurable while it works: the step shows it is alive.
  const heartbeat = setInterval(() => step.progress(null, "wrangler d1 migrations apply"), 1_000);
  const code = await new Promise<number | string>((resolve) => child.on("close", (c, signal) => resolve(c ?? signal ?? "?")));
  clearInterval(heartbeat);
  if (code !== 0) {
    process.stderr.write(output);
    throw new Error(`wrangler d1 migrations apply failed (exit ${code}).`);
  }
};

const countProducts = (db: D1Database): Promise<number> =>
  db
    .prepare("SELECT COUNT(*) AS n FROM products")
    .first<number>("n")
    .then(
      (n) => n ?? 0,
      () => 0,
    ); // no table yet: 0

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
  const admin = adminPassword(root); // before any slow work: fail fast on a missing secret
  const catalogFile = options.catalog ? checkCatalogFile(options.catalog) : null; // and on a bad catalog path
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  const total = 4 + (options.only ? 0 : 1) + (options.synthetic ? 1 : 0) + (catalogFile ? 1 : 0);
  const steps = createSteps(total, process.stdout, () => performance.now());
  const timings: StartTimings = {};
  let proxy = await openDb(stateDir);
  try {
    const held = options.only ? await countProducts(proxy.env.DB) : 0;
    if (held > 0) {
      await proxy.dispose();
      resetLocalD1(stateDir, held);
      proxy = await openDb(stateDir);
    }
    const migrations = steps.start("Applying D1 migrations");
    const pending = await pendingMigrations(proxy.env.DB);
    if (pending.length > 0) {
      await proxy.dispose(); // one writer at a time on the local SQLite files
      await applyMigrations(stateDir, migrations);
      proxy = await openDb(stateDir);
      timings.migrations = migrations.done(
        `D1 migrations: applied ${pending.length} (${pending[0]}${pending.length > 1 ? ` … ${pending.at(-1)}` : ""})`,
      );
    } else {
      migrations.done("D1 migrations: up to date");
    }
    const db = proxy.env.DB;
    if (!options.only) timings.demoData = await seedDemoData(db, steps, options, until);
    if (options.synthetic) {
      const seed = options.syntheticSeed ?? DEFAULT_SYNTHETIC_SEED;
      const step = steps.start("Adding synthetic products");
      const added = await insertSyntheticProducts(db, options.synthetic, seed, (_p, done, n) => step.progress(done / n));
      const ms = step.done(`Synthetic products: ${fmt(options.synthetic)} (seed ${seed}), ${fmt(added)} new`);
      if (added === options.synthetic) recordFigure("synthetic", `${fmtDuration(ms)} for ${fmt(added)} products`);
    }
    if (catalogFile) {
      const step = steps.start(`Importing ${path.basename(catalogFile)}`);
      const imported = await importCatalogFile(db, catalogFile, {
        only: options.only ?? false,
        onProgress: (phase, done) => step.progress(null, `${phase} ${fmt(done)}`),
      });
      step.done(`Catalog ${path.basename(catalogFile)} imported`);
      printCatalogImport(catalogFile, imported);
    }
    // Search ranks by real sales from the first start (the cron keeps the signals fresh after).
    const signalsStep = steps.start("Computing search signals");
    const signals = await recomputeSignals(db, Date.now());
    signalsStep.done(`Search signals: ${fmt(signals.products)} products updated`);
    timings.recommendations = await buildRecommendations(db, steps);
    const adminStep = steps.start("Creating the admin");
    const passwordHash = await hashPassword(admin.password);
    const created = await createAdmin(db, { email: ADMIN_EMAIL, passwordHash, now: Date.now() });
    if (created === "email_taken") throw new Error(`${ADMIN_EMAIL} belongs to a non-admin account; admin not created.`);
    adminStep.done(created === "created" ? `Admin ${ADMIN_EMAIL} created` : `Admin ${ADMIN_EMAIL} already there, password unchanged`);
    const totalMs = performance.now() - started;
    console.log(`Seed finished in ${fmtDuration(totalMs)}.`);
    if (options.ifEmpty) recordStartFigure(totalMs, timings);
    console.log(adminSummary(ADMIN_EMAIL, created === "created", admin.source));
  } finally {
    await proxy.dispose();
  }
}

type Steps = ReturnType<typeof createSteps>;
type StartTimings = { migrations?: number; demoData?: number; recommendations?: number };

/** `npm start`'s seed time for README's figures: a first start (everything built) or a later one. */
const recordStartFigure = (totalMs: number, t: StartTimings) => {
  if (t.demoData !== undefined && t.recommendations !== undefined && t.migrations !== undefined) {
    recordFigure(
      "firstStart",
      `${fmtDuration(totalMs)} (migrations ${fmtDuration(t.migrations)}, demo data ${fmtDuration(t.demoData)}, recommendations ${fmtDuration(t.recommendations)})`,
    );
  } else if (t.demoData === undefined && t.recommendations === undefined) {
    recordFigure("startAgain", fmtDuration(totalMs));
  }
};

/** The UCI shop, unless it (or a catalog imported alone) is there already. */
/** Answers the import's milliseconds, or undefined when nothing was imported. */
const seedDemoData = async (db: D1Database, steps: Steps, options: SeedOptions, until: number | null): Promise<number | undefined> => {
  const step = steps.start("Importing the demo data");
  const previous = options.ifEmpty ? await readDemoImport(db) : null;
  // A catalog imported with --only stays alone: `npm start` (--if-empty) adds no demo data to it.
  const catalogOnly = options.ifEmpty ? await readCatalogOnly(db) : null;
  if (catalogOnly) return void step.done(`Catalog-only database (${catalogOnly.file}, seeded with --only): demo data not loaded`);
  if (previous) return void step.done(`Demo data already loaded (${new Date(previous.importedAt).toISOString()}): nothing loaded`);
  const importer = createRetailImporter({ until });
  const file = options.file ? path.resolve(options.file) : DEFAULT_DATA_FILE;
  for await (const row of readGzipCsv(file, (f) => step.progress(f, "reading the file"))) importer.add(row);
  const data = importer.finish();
  const inserted = await writeRetailImport(db, data, {
    now: Date.now(),
    onProgress: (phase, done, n) => step.progress(n > 0 ? done / n : 1, `writing ${phase}`),
  });
  const ms = step.done("Demo data (UCI Online Retail) imported");
  printSummary(data.summary, inserted);
  return ms;
};

/** Recommendations from the first start; later the cron (every 6 h) or the admin route rebuilds them. Answers the build's ms, if one ran. */
const buildRecommendations = async (db: D1Database, steps: Steps): Promise<number | undefined> => {
  const step = steps.start("Building recommendations");
  if (await readLatestDone(db)) return void step.done("Recommendations: already built");
  const orders = (await db.prepare("SELECT COUNT(*) AS n FROM orders").first<number>("n")) ?? 0;
  const products = await countProducts(db);
  const built = await runRecommendationsNow({
    db,
    now: Date.now,
    owner: "seed",
    onStep: (at, stats) => step.progress(recsFraction(at, stats.steps ?? 0, orders, stats.items ?? products)),
  });
  return step.done(
    built.status === "done"
      ? `Recommendations: ${fmt(built.stats.similarPairs ?? 0)} similar and ${fmt(built.stats.togetherPairs ?? 0)} bought-together pairs for ${fmt(built.stats.items ?? 0)} items`
      : `Recommendations: not built (${built.status})`,
  );
};

const main = () => runSeed(parseSeedArgs(process.argv.slice(2)));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
