// The production-like server for benchmarks: the Worker as `wrangler deploy` builds it, run by
// wrangler's test harness (workerd under Miniflare, no dev-server proxy), with its own fresh
// storage holding the real demo catalog.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestHarness, unstable_readConfig, unstable_splitSqlQuery } from "wrangler";
import { writeRetailImport } from "../../workers/demo-data/import.repo";
import { createRetailImporter } from "../../workers/demo-data/retail-import";
import { readGzipCsv } from "../../workers/cli/seed-support";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const buildDir = path.join(root, ".wrangler/bench/build");
const DATA_FILE = path.join(root, "../shared/data/online-retail.csv.gz");
/** BENCH_WRANGLER_CONFIG: run the same build under another config (e.g. other queue consumer settings), for experiments. */
const CONFIG = process.env.BENCH_WRANGLER_CONFIG ? path.resolve(process.env.BENCH_WRANGLER_CONFIG) : path.join(root, "wrangler.toml");

/** The Worker's secrets (not the example ones: the Worker refuses those outside development). */
export const BENCH_SECRETS = {
  JWT_SECRET: "bench-only-jwt-secret-0123456789abcdef-0123456789",
  CARRIER_WEBHOOK_SECRET: "bench-only-carrier-secret-0123456789",
};
/** The password of admins the bench and eval servers create themselves (not a Worker secret). */
export const BENCH_ADMIN_PASSWORD = "bench-admin";

/** Builds the Worker as `wrangler deploy` would, into `outDir` (the bench's and the eval's servers run it). */
export const buildWorker = (outDir: string = buildDir) => {
  const wrangler = path.join(root, "node_modules/wrangler/bin/wrangler.js");
  const r = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", outDir], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  if (r.status !== 0) throw new Error("wrangler deploy --dry-run failed");
};

/** D1 migrations straight through the binding: the same files `wrangler d1 migrations` applies. */
export const migrate = async (db: D1Database) => {
  const dir = path.join(root, "migrations");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const sql = readFileSync(path.join(dir, file), "utf8").replace(/--> statement-breakpoint/g, "");
    await db.batch(unstable_splitSqlQuery(sql).map((s: string) => db.prepare(s)));
  }
};

const loadCatalog = async (db: D1Database) => {
  const importer = createRetailImporter();
  for await (const row of readGzipCsv(DATA_FILE)) importer.add(row);
  await writeRetailImport(db, importer.finish(), { now: Date.now() });
};

/** The bench driver (driver.ts): reaches the shop's InventoryDO and CartDO classes by script name. */
const driverWorker = (config: { compatibility_date?: string; compatibility_flags?: string[] }) => ({
  config: {
    name: "bench-driver",
    main: path.join(root, "test/bench/driver.ts"),
    compatibility_date: config.compatibility_date,
    compatibility_flags: config.compatibility_flags,
    durable_objects: {
      bindings: [
        { name: "INVENTORY", class_name: "InventoryDO", script_name: "edge-commerce" },
        { name: "CART", class_name: "CartDO", script_name: "edge-commerce" },
      ],
    },
    queues: {
      producers: [
        { binding: "ORDER_EVENTS", queue: "order-events" },
        { binding: "NOTIFICATIONS", queue: "notifications" },
      ],
    },
  },
});

export interface BenchServer {
  url: URL;
  /** Requests to the bench driver Worker. */
  driver: (url: string, init?: RequestInit) => Promise<Response>;
  env: () => Promise<Cloudflare.Env>;
  setVars: (vars: Record<string, string>) => Promise<URL>;
  /** Runs the Worker's cron handler once (what the every-minute trigger does in production). */
  scheduled: () => Promise<void>;
  /** Evicts one running Durable Object of the shop (its memory is reset, its storage kept), as the runtime may at any time. */
  evict: (binding: "INVENTORY" | "CART", name: string) => Promise<void>;
  close: () => Promise<void>;
}

export const startBenchServer = async (): Promise<BenchServer> => {
  buildWorker();
  const worker = { configPath: CONFIG, prebuiltWorkerDir: buildDir, secrets: BENCH_SECRETS };
  const shop = unstable_readConfig({ config: CONFIG });
  const driver = driverWorker(shop);
  const server = createTestHarness({ root, workers: [worker, driver] });
  let { url } = await server.listen();
  const env = () => server.getWorker<Cloudflare.Env>().getEnv();
  const db = (await env()).DB;
  await migrate(db);
  await loadCatalog(db);
  return {
    url,
    driver: (u, init) => server.getWorker("bench-driver").fetch(u, init as never) as unknown as Promise<Response>,
    env,
    setVars: async (vars) => {
      await server.update({ root, workers: [{ ...worker, vars }, driver] });
      ({ url } = await server.listen());
      return url;
    },
    scheduled: async () => {
      await server.getWorker().scheduled({ cron: "* * * * *", scheduledTime: new Date() });
    },
    evict: (binding, name) => server.getWorker<Cloudflare.Env>().evictDurableObject(binding, { name }),
    close: () => server.close(),
  };
};
