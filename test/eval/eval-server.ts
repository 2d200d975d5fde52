// The evaluated server: the Worker as `wrangler deploy` builds it, run by wrangler's test harness
// with fresh in-memory storage (as test/bench/server.ts), migrated, holding one imported catalog.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestHarness, unstable_splitSqlQuery } from "wrangler";
import { importCatalogFile, type CatalogImport } from "../../workers/cli/catalog-seed";
import { progressLine } from "../../workers/cli/seed-support";
import { BENCH_SECRETS } from "../bench/server";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const buildDir = path.join(root, ".wrangler/eval/build");

const build = () => {
  const wrangler = path.join(root, "node_modules/wrangler/bin/wrangler.js");
  const r = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", buildDir], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  if (r.status !== 0) throw new Error("wrangler deploy --dry-run failed");
};

/** The migration files, in order, straight through the binding (what `wrangler d1 migrations apply` runs). */
const migrate = async (db: D1Database) => {
  const dir = path.join(root, "migrations");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    const sql = readFileSync(path.join(dir, file), "utf8").replace(/--> statement-breakpoint/g, "");
    await db.batch(unstable_splitSqlQuery(sql).map((s: string) => db.prepare(s)));
  }
};

export type EvalServer = { url: URL; imported: CatalogImport; close: () => Promise<void> };

/** Builds, starts, migrates, then imports `catalogFile` with the seed's importer (`--only`: nothing else is loaded). */
export const startEvalServer = async (catalogFile: string): Promise<EvalServer> => {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  build();
  const server = createTestHarness({
    root,
    workers: [{ configPath: path.join(root, "wrangler.toml"), prebuiltWorkerDir: buildDir, secrets: BENCH_SECRETS }],
  });
  try {
    const { url } = await server.listen();
    const db = (await server.getWorker<Cloudflare.Env>().getEnv()).DB;
    await migrate(db);
    const progress = progressLine();
    const imported = await importCatalogFile(db, catalogFile, { only: true, onProgress: progress.update });
    progress.close();
    return { url, imported, close: () => server.close() };
  } catch (e) {
    await server.close();
    throw e;
  }
};
