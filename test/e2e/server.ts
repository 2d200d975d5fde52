// The shop for the end-to-end suite: the Worker as `wrangler deploy` builds it (storefront assets
// included), run by wrangler's test harness with fresh storage, migrated, holding the real UCI
// demo shop (a slice of its order history, so building recommendations takes seconds), and the
// demo admin, with recommendations built. Payments get a little latency so an order page sees PAID arrive live.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestHarness } from "wrangler";
import { buildStorefront } from "../../workers/cli/build-storefront";
import { readGzipCsv } from "../../workers/cli/seed-support";
import { createAdmin, writeRetailImport } from "../../workers/demo-data/import.repo";
import { createRetailImporter } from "../../workers/demo-data/retail-import";
import { hashPassword } from "../../workers/identity/password";
import { buildWorker, migrate } from "../bench/server";
import { ADMIN, adminClient } from "./admin";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const buildDir = path.join(root, ".wrangler/e2e/build");
const DATA_FILE = path.join(root, "../shared/data/online-retail.csv.gz");

const SECRETS = {
  JWT_SECRET: "e2e-only-jwt-secret-0123456789abcdef-0123456789",
  CARRIER_WEBHOOK_SECRET: "e2e-only-carrier-secret-0123456789",
};
/** Orders up to this day are imported: enough history for recommendations, quick to build. */
const HISTORY_UNTIL = Date.UTC(2011, 1, 28, 23, 59, 59);
/** Each gateway call waits this long, so PAID lands after the order page has opened its socket. */
export const PAYMENT_LATENCY_MS = 2500;

export interface E2eServer {
  url: URL;
  close: () => Promise<void>;
}

export const startE2eServer = async (): Promise<E2eServer> => {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  await buildStorefront({ quiet: true });
  buildWorker(buildDir);
  const server = createTestHarness({
    root,
    workers: [
      {
        configPath: path.join(root, "wrangler.toml"),
        prebuiltWorkerDir: buildDir,
        secrets: SECRETS,
        vars: { PAYMENT_LATENCY_MS: String(PAYMENT_LATENCY_MS) },
      },
    ],
  });
  try {
    const { url } = await server.listen();
    const db = (await server.getWorker<Cloudflare.Env>().getEnv()).DB;
    await migrate(db);
    const importer = createRetailImporter({ until: HISTORY_UNTIL });
    for await (const row of readGzipCsv(DATA_FILE)) importer.add(row);
    const now = Date.now();
    await writeRetailImport(db, importer.finish(), { now });
    await createAdmin(db, { email: ADMIN.email, passwordHash: await hashPassword(ADMIN.password), now });
    await (await adminClient(url)).buildRecommendations(); // "similar" and "bought together" on product pages
    return { url, close: () => server.close() };
  } catch (e) {
    await server.close();
    throw e;
  }
};
