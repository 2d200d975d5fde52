// `npm run bench [-- --only checkout,flash]`: throughput and latency of the main paths on a production-like
// local server, each beside the no-op route (/healthz) measured in the same run: the ratio is the figure.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_SECRETS, root, startBenchServer } from "./server";
import { flashSale, type FlashSaleResult } from "./flash-sale";
import { checkoutThroughput, flashSaleCheckout, type CheckoutRun, type FlashCheckout } from "./checkout";
import { checkoutTables } from "./checkout-report";
import { searchBench, searchTable, type SearchPhase } from "./search";
import { addToCartLua, ensureWrk, runWrk, signedGuestCookies, type LoadResult } from "./wrk";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
/** Scenario groups; `--only checkout` (or BENCH_ONLY=checkout) runs every `checkout-*` one. The no-op baseline always runs. */
const SCENARIOS = ["reads", "cart", "flash", "checkout-throughput", "checkout-flash", "search"] as const;
const onlyArg =
  process.argv.find((_a, i) => process.argv[i - 1] === "--only") ?? process.argv.find((a) => a.startsWith("--only="))?.slice(7);
const only = (onlyArg ?? process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const wanted = (key: (typeof SCENARIOS)[number]) => only.length === 0 || only.some((o) => key === o || key.startsWith(`${o}-`));
const unknown = only.filter((o) => !SCENARIOS.some((k) => k === o || k.startsWith(`${o}-`)));
if (unknown.length > 0) {
  console.error(`Unknown scenario(s) ${unknown.join(", ")}: choose from ${SCENARIOS.join(", ")} (or checkout for both checkout ones).`);
  process.exit(2);
}
// Miniflare would otherwise try to download a sample request.cf object: no internet needed here.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

const table = (results: LoadResult[], baseline: LoadResult) =>
  [
    "| scenario | req/s | vs no-op | p50 ms | p95 ms | p99 ms | non-2xx | errors |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps / baseline.rps).toFixed(2)} | ${r.p50ms.toFixed(2)} | ${r.p95ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${r.non2xx} | ${r.errors} |`,
    ),
  ].join("\n");

const saleTable = (sales: FlashSaleResult[]) =>
  [
    "| flash sale | buyers | units | reserved | sold out | other | burst ms | no-op burst ms | ratio | conservation |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...sales.map(
      (f) =>
        `| ${f.name} | ${f.buyers} | ${f.stock.onHand} | ${f.succeeded} | ${f.soldOut} | ${f.other} | ${f.burstMs.toFixed(0)} | ${f.noopBurstMs.toFixed(0)} | ${(f.burstMs / f.noopBurstMs).toFixed(2)} | ${f.conserved ? "holds" : "VIOLATED"} |`,
    ),
  ].join("\n");

const main = async () => {
  ensureWrk();
  console.log("Building the Worker and loading the real catalog into a fresh local server...");
  const server = await startBenchServer();
  const ids = (await (await server.env()).DB.prepare("SELECT id FROM products ORDER BY id").all<{ id: string }>()).results.map((r) => r.id);
  const results: LoadResult[] = [];
  try {
    const at = (p: string, base = server.url) => new URL(p, base);
    const noop = await runWrk("no-op route (GET /healthz)", at("/healthz"), { seconds });
    results.push(noop);
    if (wanted("reads")) {
      results.push(await runWrk("product page, edge-cached (one product)", at("/api/v1/products/85123A"), { seconds }));
      results.push(
        await runWrk(`product page, edge-cached (${ids.length} products)`, at("/"), {
          seconds,
          paths: ids.map((id) => `/api/v1/products/${id}`),
        }),
      );
      results.push(await runWrk("category page, edge-cached", at("/api/v1/products?category=kitchen-dining&limit=24"), { seconds }));
    }
    if (wanted("cart")) {
      // Add to cart: catalog + availability reads in D1, then one CartDO write; 1,000 guest carts.
      const inStock = (
        await (
          await server.env()
        ).DB.prepare("SELECT product_id FROM inventory_levels WHERE available >= 1000 ORDER BY product_id LIMIT 50").all<{
          product_id: string;
        }>()
      ).results.map((r) => r.product_id);
      results.push(
        await runWrk("add to cart (guest, 1,000 carts, 50 products)", at("/"), {
          seconds,
          luaRequest: addToCartLua(inStock, signedGuestCookies(BENCH_SECRETS.JWT_SECRET, 1000)),
        }),
      );
    }
    // Flash sales: 1,000 concurrent buyers, 100 units, one SKU; one object, then split 8 ways.
    const sales = wanted("flash")
      ? [
          await flashSale("single object", server.driver, { sku: "22423", units: 100, buyers: 1000, shards: 1 }),
          await flashSale("split across 8 shards", server.driver, { sku: "85099B", units: 100, buyers: 1000, shards: 8 }),
        ]
      : [];
    // Checkout: POST /api/v1/orders, then the saga on the local queues (see checkout.ts).
    const checkouts: { name: string; run: CheckoutRun }[] = [];
    let flashCheckout: FlashCheckout | undefined;
    if (wanted("checkout-throughput")) {
      const buyers = Number(process.env.BENCH_CHECKOUT_BUYERS ?? 200);
      const run = await checkoutThroughput(server, { buyers, concurrency: 32, skus: 10, timeoutMs: 120_000 });
      checkouts.push({ name: `${buyers} buyers, plenty of stock (10 products)`, run });
    }
    if (wanted("checkout-flash")) {
      flashCheckout = await flashSaleCheckout(server, { buyers: 1000, units: 100, timeoutMs: 120_000 });
      checkouts.push({ name: "flash sale: 1,000 buyers, 100 units", run: flashCheckout });
    }
    // Search last: it adds 100k synthetic products to the storage (see search.ts).
    const searches: SearchPhase[] = wanted("search") ? await searchBench(server, seconds) : [];
    if (wanted("reads")) {
      const uncached = await server.setVars({ CATALOG_CACHE_TTL_SECONDS: "0" });
      results.push(
        await runWrk(`product page, cache off: D1 batch each time (${ids.length} products)`, at("/", uncached), {
          seconds,
          paths: ids.map((id) => `/api/v1/products/${id}`),
        }),
      );
      results.push(await runWrk("no-op route again (after reload)", at("/healthz", uncached), { seconds }));
    }
    const report = [
      `# Benchmark (${new Date().toISOString()})${only.length > 0 ? `: only ${only.join(", ")}` : ""}`,
      "",
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; wrk -t2 -c32, ${seconds} s per scenario, on the same machine as the server.`,
      "",
      table(results, noop),
      "",
      ...(sales.length === 0
        ? []
        : [
            "Flash sale: each buyer reserves one unit through a Worker → InventoryDO RPC (the bench driver);",
            "the no-op burst is the same number of concurrent requests to a route that does nothing.",
            "",
            saleTable(sales),
            "",
          ]),
      ...(checkouts.length === 0 ? [] : [checkoutTables(checkouts, flashCheckout, noop.rps)]),
      ...(searches.length === 0 ? [] : [searchTable(searches)]),
    ].join("\n");
    const searchFailures = searches.flatMap((p) => [
      ...p.failures,
      ...[p.cached, p.uncached]
        .filter((r) => r.non2xx > 0 || r.errors > 0)
        .map((r) => `${r.name}: ${r.non2xx} non-2xx, ${r.errors} errors`),
    ]);
    if (searchFailures.length > 0) {
      process.exitCode = 1;
      console.error(`\nSearch checks FAILED:\n${searchFailures.map((p) => `- ${p}`).join("\n")}`);
    }
    if (sales.some((f) => !f.conserved || f.succeeded !== 100 || f.soldOut !== 900)) process.exitCode = 1;
    const problems = checkouts.flatMap((c) => c.run.problems.map((p) => `${c.name}: ${p}`));
    if (problems.length > 0) {
      process.exitCode = 1;
      console.error(`\nCheckout checks FAILED:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    }
    console.log(`\n${report}\n`);
    // A subset run leaves the full report alone.
    const file = only.length === 0 ? "reports/bench.md" : `reports/bench-${only.join("-")}.md`;
    mkdirSync(path.join(root, "reports"), { recursive: true });
    writeFileSync(path.join(root, file), `${report}\n`);
    console.log(`Written to ${file}`);
  } finally {
    await server.close();
  }
};

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
