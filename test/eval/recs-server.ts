// The recommendation evaluation's server and data: the built Worker (eval-server.ts) holding the
// demo retail import up to the cutoff, an admin, customer tokens, the train set read back from D1
// and the test set (later invoices) from the same pass over the CSV.
import path from "node:path";
import { sign } from "hono/jwt";
import { progressLine, readGzipCsv } from "../../workers/cli/seed-support";
import { ADMIN_USER_ID, createAdmin, writeRetailImport } from "../../workers/demo-data/import.repo";
import { createRetailImporter, type ImportSummary, type RetailImport } from "../../workers/demo-data/retail-import";
import { tokenClaims, type Principal } from "../../workers/identity/identity";
import { hashPassword } from "../../workers/identity/password";
import { BENCH_ADMIN_PASSWORD, BENCH_SECRETS } from "../bench/server";
import { root, startMigratedWorker } from "./eval-server";
import { toBaskets, type Basket, type BasketLine } from "./recs-protocol";

export const DATA_FILE = path.join(root, "../shared/data/online-retail.csv.gz");
const ADMIN_EMAIL = "admin@example.com";
const TOKEN_TTL_SECONDS = 12 * 3600;
const PAGE = 50_000;

export type RecsData = {
  /** What the import wrote: invoices up to the cutoff. */
  trainImport: ImportSummary;
  /** Sale invoices after the cutoff, through the same parser and filters (ids match D1's products). */
  test: Basket[];
  /** Products in the catalog (the importer's; every row counts, so later ones too). */
  catalogProducts: number;
  readSeconds: number;
};

/** One pass over the CSV into two importers: one cut at `until` (what D1 gets), one uncut (the test set). */
export const readRetailData = async (until: number): Promise<{ data: RecsData; train: RetailImport }> => {
  const started = performance.now();
  const cut = createRetailImporter({ until });
  const whole = createRetailImporter();
  const progress = progressLine();
  let rows = 0;
  for await (const row of readGzipCsv(DATA_FILE)) {
    cut.add(row);
    whole.add(row);
    if (++rows % 50_000 === 0) progress.update("reading", rows);
  }
  progress.update("reading", rows);
  progress.close();
  const train = cut.finish();
  const lines: BasketLine[] = whole
    .finish()
    .orders.filter((o) => o.status === "DELIVERED" && o.createdAt > until)
    .flatMap((o) =>
      o.lines
        .filter((l) => l.quantity > 0)
        .map((l) => ({ orderId: o.id, customerId: o.customerId, createdAt: o.createdAt, productId: l.productId })),
    );
  return {
    data: {
      trainImport: train.summary,
      test: toBaskets(lines),
      catalogProducts: train.products.length,
      readSeconds: (performance.now() - started) / 1000,
    },
    train,
  };
};

/**
 * The train set as the server's job sees it: orders neither cancelled nor failed, lines with a
 * positive quantity, read back from D1 in rowid pages.
 */
export const readTrainBaskets = async (db: D1Database): Promise<Basket[]> => {
  const lines: BasketLine[] = [];
  let after = 0;
  for (;;) {
    const page = await db
      .prepare(
        `SELECT l.rowid, o.id, o.customer_id, o.created_at, l.product_id
           FROM order_lines l JOIN orders o ON o.id = l.order_id
          WHERE o.status NOT IN ('CANCELLED', 'FAILED') AND l.quantity > 0 AND l.rowid > ?
          ORDER BY l.rowid LIMIT ?`,
      )
      .bind(after, PAGE)
      .raw<[number, string, string | null, number, string]>();
    for (const [, orderId, customerId, createdAt, productId] of page) lines.push({ orderId, customerId, createdAt, productId });
    if (page.length < PAGE) break;
    after = page[page.length - 1]![0];
  }
  return toBaskets(lines);
};

export type RecsServer = {
  url: URL;
  train: Basket[];
  importSeconds: number;
  adminToken: string;
  customerToken: (customerId: string) => Promise<string>;
  close: () => Promise<void>;
};

const token = (p: Principal) => sign(tokenClaims(p, Date.now(), TOKEN_TTL_SECONDS), BENCH_SECRETS.JWT_SECRET, "HS256");

/** Starts the Worker holding `train` (the cut import) and the admin; reads the train set back. */
export const startRecsServer = async (train: RetailImport): Promise<RecsServer> => {
  const { url, loaded, close } = await startMigratedWorker(async (db) => {
    const started = performance.now();
    const progress = progressLine();
    await writeRetailImport(db, train, { now: Date.now(), onProgress: progress.update });
    progress.close();
    const importSeconds = (performance.now() - started) / 1000;
    const passwordHash = await hashPassword(BENCH_ADMIN_PASSWORD);
    const admin = await createAdmin(db, { email: ADMIN_EMAIL, passwordHash, now: Date.now() });
    if (admin === "email_taken") throw new Error(`${ADMIN_EMAIL} belongs to a non-admin account.`);
    return { importSeconds, baskets: await readTrainBaskets(db) };
  });
  return {
    url,
    train: loaded.baskets,
    importSeconds: loaded.importSeconds,
    adminToken: await token({ userId: ADMIN_USER_ID, role: "admin", isPrime: false }),
    customerToken: (customerId) => token({ userId: customerId, role: "customer", isPrime: false }),
    close,
  };
};
