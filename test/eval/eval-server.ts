// The evaluated server: the Worker as `wrangler deploy` builds it, run by wrangler's test harness
// with fresh in-memory storage (as test/bench/server.ts), migrated, holding one imported catalog.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestHarness } from "wrangler";
import { importCatalogFile, type CatalogImport } from "../../workers/cli/catalog-seed";
import { progressLine } from "../../workers/cli/seed-support";
import { BENCH_SECRETS, buildWorker, migrate } from "../bench/server";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const buildDir = path.join(root, ".wrangler/eval/build");

export type EvalServer = { url: URL; imported: CatalogImport; close: () => Promise<void> };

/**
 * Builds, starts and migrates the Worker, then lets `load` fill its D1 (the search and the
 * recommendation evaluations load different data). Closes the server when anything fails.
 */
export const startMigratedWorker = async <T>(
  load: (db: D1Database) => Promise<T>,
): Promise<{ url: URL; loaded: T; close: () => Promise<void> }> => {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  buildWorker(buildDir);
  const server = createTestHarness({
    root,
    workers: [{ configPath: path.join(root, "wrangler.toml"), prebuiltWorkerDir: buildDir, secrets: BENCH_SECRETS }],
  });
  try {
    const { url } = await server.listen();
    const db = (await server.getWorker<Cloudflare.Env>().getEnv()).DB;
    await migrate(db);
    const loaded = await load(db);
    return { url, loaded, close: () => server.close() };
  } catch (e) {
    await server.close();
    throw e;
  }
};

/** Builds, starts, migrates, then imports `catalogFile` with the seed's importer (`--only`: nothing else is loaded). */
export const startEvalServer = async (catalogFile: string): Promise<EvalServer> => {
  const { url, loaded, close } = await startMigratedWorker(async (db) => {
    const progress = progressLine();
    const imported = await importCatalogFile(db, catalogFile, { only: true, onProgress: progress.update });
    progress.close();
    return imported;
  });
  return { url, imported: loaded, close };
};
