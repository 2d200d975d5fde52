// Checkout under load: signed-in buyers POST /api/v1/orders, then the saga runs on the local queues until
// every order ends. Throughput and time to PAID; the flash sale's outcome, charges and stock conservation.
import { createBuyers, seedProducts, type Buyer } from "./checkout-setup";
import type { BenchServer } from "./server";

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface CheckoutRun {
  buyers: number;
  /** Requests in flight at once while placing (the flash sale: all of them). */
  concurrency: number;
  accepted: number;
  /** Non-201 answers by status (a network error is status 0). */
  rejected: Record<string, number>;
  placeMs: number;
  placeRps: number;
  placeLatency: Percentiles;
  /** GET /healthz from the same client at the same concurrency, just before (at least 1,000 requests). */
  noopRps: number;
  /** Final statuses (`CANCELLED/insufficient_stock`), and whether none was left PENDING/RESERVED in time. */
  outcomes: Record<string, number>;
  settled: boolean;
  /** First request sent → last order reaching a final status (from the timeline). */
  settleMs: number;
  paid: number;
  /** PAID orders per second from the first request until the last one was PAID. */
  paidPerSec: number;
  toPaid: Percentiles;
  toReserved: Percentiles;
  problems: string[];
}

export interface FlashCheckout extends CheckoutRun {
  units: number;
  captured: number;
  doubleCharged: number;
  chargedNotPaid: number;
  paidWithCapture: number;
  stock: Record<string, number>;
  conserved: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const percentiles = (xs: number[]): Percentiles => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!);
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100) };
};

/** Runs task(0..n-1) with at most `concurrency` in flight; answers the results in order and the wall time. */
const pool = async <T>(n: number, concurrency: number, task: (i: number) => Promise<T>) => {
  const results: T[] = new Array<T>(n);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return { results, ms: performance.now() - started };
};

interface Placed {
  status: number;
  orderId?: string;
  ms: number;
}

const place = async (url: URL, b: Buyer): Promise<Placed> => {
  const started = performance.now();
  try {
    const res = await fetch(new URL("/api/v1/orders", url), {
      method: "POST",
      headers: { Authorization: `Bearer ${b.token}`, "Idempotency-Key": crypto.randomUUID(), "Content-Type": "application/json" },
      body: JSON.stringify(b.body),
    });
    const body = (await res.json().catch(() => ({}))) as { order_id?: string };
    return { status: res.status, ...(body.order_id ? { orderId: body.order_id } : {}), ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
};

const noop = async (url: URL, n: number, concurrency: number) => {
  const { ms } = await pool(n, concurrency, async () => (await fetch(new URL("/healthz", url))).arrayBuffer());
  return n / (ms / 1000);
};

const IN = `IN (SELECT value FROM json_each(?))`;

const outcomesOf = async (db: D1Database, ids: string) =>
  (
    await db
      .prepare(`SELECT status, status_reason AS reason, count(*) AS n FROM orders WHERE id ${IN} GROUP BY 1, 2`)
      .bind(ids)
      .all<{ status: string; reason: string | null; n: number }>()
  ).results;

/** Polls D1 until no order is PENDING or RESERVED, or `timeoutMs` passes. */
const settle = async (db: D1Database, ids: string, timeoutMs: number) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await outcomesOf(db, ids);
    const open = rows.filter((r) => r.status === "PENDING" || r.status === "RESERVED").length > 0;
    if (!open || Date.now() > until) {
      return { settled: !open, outcomes: Object.fromEntries(rows.map((r) => [r.reason ? `${r.status}/${r.reason}` : r.status, r.n])) };
    }
    await sleep(250);
  }
};

/** Places one order per buyer, waits for the saga, and reads the timeline. */
const runCheckout = async (
  server: BenchServer,
  buyers: Buyer[],
  concurrency: number,
  timeoutMs: number,
): Promise<CheckoutRun & { ids: string }> => {
  const db = (await server.env()).DB;
  const noopRps = await noop(server.url, Math.max(buyers.length, 1000), concurrency);
  console.log(`checkout: ${buyers.length} buyers ready; placing their orders, ${concurrency} at a time...`);
  const t0 = Date.now();
  const { results, ms } = await pool(buyers.length, concurrency, (i) => place(server.url, buyers[i]!));
  const ids = results.flatMap((r) => (r.status === 201 && r.orderId ? [r.orderId] : []));
  const rejected: Record<string, number> = {};
  for (const r of results) if (r.status !== 201) rejected[r.status] = (rejected[r.status] ?? 0) + 1;
  const list = JSON.stringify(ids);
  console.log(`checkout: ${ids.length} orders accepted in ${(ms / 1000).toFixed(1)} s; waiting for the saga to end them...`);
  const { settled, outcomes } = await settle(db, list, timeoutMs);
  const times = (
    await db
      .prepare(
        `SELECT o.created_at AS created,
         (SELECT at FROM order_events WHERE id = o.id || ':status:RESERVED') AS reserved,
         (SELECT at FROM order_events WHERE id = o.id || ':status:PAID') AS paid,
         (SELECT max(at) FROM order_events WHERE order_id = o.id AND kind = 'status') AS last
       FROM orders o WHERE o.id ${IN}`,
      )
      .bind(list)
      .all<{ created: number; reserved: number | null; paid: number | null; last: number }>()
  ).results;
  const paidAt = times.flatMap((t) => (t.paid === null ? [] : [t.paid]));
  const lastPaid = Math.max(...paidAt);
  const problems: string[] = [];
  if (ids.length !== buyers.length)
    problems.push(`${buyers.length - ids.length} of ${buyers.length} orders were not accepted: ${JSON.stringify(rejected)}`);
  if (!settled) problems.push(`orders still open after ${timeoutMs / 1000} s: ${JSON.stringify(outcomes)}`);
  return {
    buyers: buyers.length,
    concurrency,
    accepted: ids.length,
    rejected,
    placeMs: ms,
    placeRps: results.length / (ms / 1000),
    placeLatency: percentiles(results.map((r) => r.ms)),
    noopRps,
    outcomes,
    settled,
    settleMs: Math.max(...times.map((t) => t.last)) - t0,
    paid: paidAt.length,
    paidPerSec: paidAt.length === 0 ? 0 : paidAt.length / ((lastPaid - t0) / 1000),
    toPaid: percentiles(times.flatMap((t) => (t.paid === null ? [] : [t.paid - t.created]))),
    toReserved: percentiles(times.flatMap((t) => (t.reserved === null ? [] : [t.reserved - t.created]))),
    problems,
    ids: list,
  };
};

/** N buyers with plenty of stock (spread over `skus` products) each place one order, `concurrency` at a time. */
export const checkoutThroughput = async (
  server: BenchServer,
  opts: { buyers: number; concurrency: number; skus: number; timeoutMs: number },
): Promise<CheckoutRun> => {
  const skus = Array.from({ length: opts.skus }, (_, i) => `BENCHCHK${String(i).padStart(2, "0")}`);
  await seedProducts((await server.env()).DB, skus, 1_000_000);
  const buyers = await createBuyers(server, "throughput", opts.buyers, (i) => skus[i % skus.length]!);
  const { ids: _ids, ...run } = await runCheckout(server, buyers, opts.concurrency, opts.timeoutMs);
  if (run.paid !== opts.buyers)
    run.problems.push(`${run.paid} of ${opts.buyers} orders PAID with plenty of stock: ${JSON.stringify(run.outcomes)}`);
  return run;
};

const count = async (db: D1Database, sql: string, list: string) => (await db.prepare(sql).bind(list).first<{ n: number }>())?.n ?? 0;

/** `buyers` buyers each order one unit of a SKU holding `units`, all at once; then the invariants. */
export const flashSaleCheckout = async (
  server: BenchServer,
  opts: { buyers: number; units: number; timeoutMs: number },
): Promise<FlashCheckout> => {
  const sku = "BENCHFLASH";
  const db = (await server.env()).DB;
  await seedProducts(db, [sku], opts.units);
  const buyers = await createBuyers(server, "flash", opts.buyers, () => sku);
  const { ids: list, ...run } = await runCheckout(server, buyers, opts.buyers, opts.timeoutMs);
  const captured = await count(db, `SELECT count(*) AS n FROM gateway_charges WHERE status = 'captured' AND order_id ${IN}`, list);
  const doubleCharged = await count(
    db,
    `SELECT count(*) AS n FROM (SELECT order_id FROM gateway_charges WHERE order_id ${IN} GROUP BY order_id HAVING count(*) > 1)`,
    list,
  );
  const chargedNotPaid = await count(
    db,
    `SELECT count(*) AS n FROM gateway_charges c JOIN orders o ON o.id = c.order_id WHERE o.status <> 'PAID' AND o.id ${IN}`,
    list,
  );
  const paidWithCapture = await count(
    db,
    `SELECT count(*) AS n FROM orders o JOIN gateway_charges c ON c.id = o.charge_id AND c.status = 'captured' AND c.order_id = o.id WHERE o.status = 'PAID' AND o.id ${IN}`,
    list,
  );
  const stock = (await (await server.driver(`http://bench-driver/stock?sku=${sku}`)).json()) as Record<string, number>;
  const conserved =
    stock.initial! + stock.restocked! + stock.adjusted! + stock.transferred! === stock.onHand! + stock.sold! &&
    stock.onHand === stock.available! + stock.reserved!;
  const cancelled = run.outcomes["CANCELLED/insufficient_stock"] ?? 0;
  const p = run.problems;
  if (run.paid !== opts.units) p.push(`${run.paid} orders PAID, expected ${opts.units}`);
  if (cancelled !== opts.buyers - opts.units)
    p.push(`${cancelled} orders CANCELLED/insufficient_stock, expected ${opts.buyers - opts.units}`);
  if (captured !== opts.units) p.push(`${captured} captured charges, expected ${opts.units}`);
  if (doubleCharged > 0) p.push(`${doubleCharged} orders charged more than once`);
  if (chargedNotPaid > 0) p.push(`${chargedNotPaid} charges on orders that are not PAID`);
  if (paidWithCapture !== run.paid) p.push(`${run.paid - paidWithCapture} PAID orders without their captured charge`);
  if (!conserved) p.push(`conservation violated: ${JSON.stringify(stock)}`);
  if (stock.sold !== opts.units) p.push(`sold ${stock.sold}, expected ${opts.units}`);
  if (stock.reserved !== 0) p.push(`${stock.reserved} units still reserved`);
  return { ...run, units: opts.units, captured, doubleCharged, chargedNotPaid, paidWithCapture, stock, conserved };
};
