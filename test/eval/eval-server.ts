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

/** Builds, starts, migrates, then imports `catalogFile` with the seed's importer (`--only`: nothing else is loaded). */
export const startEvalServer = async (catalogFile: string): Promise<EvalServer> => {
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
    const progress = progressLine();
    const imported = await importCatalogFile(db, catalogFile, { only: true, onProgress: progress.update });
    progress.close();
    return { url, imported, close: () => server.close() };
  } catch (e) {
    await server.close();
    throw e;
  }
};
