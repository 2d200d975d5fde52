// `npm run bench`: throughput and latency of the main read paths on a production-like local
// server, each beside the no-op route (/healthz) measured in the same run: the ratio is the
// figure (absolute numbers depend on the machine, which also runs the load generator).
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { root, startBenchServer } from "./server";
import { flashSale, type FlashSaleResult } from "./flash-sale";
import { addToCartLua, ensureWrk, runWrk, type LoadResult } from "./wrk";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
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
  const ids = ((await (await server.env()).DB.prepare("SELECT id FROM products ORDER BY id").all<{ id: string }>()).results).map((r) => r.id);
  const results: LoadResult[] = [];
  try {
    const at = (p: string, base = server.url) => new URL(p, base);
    const noop = await runWrk("no-op route (GET /healthz)", at("/healthz"), { seconds });
    results.push(noop);
    results.push(await runWrk("product page, edge-cached (one product)", at("/api/v1/products/85123A"), { seconds }));
    results.push(
      await runWrk(`product page, edge-cached (${ids.length} products)`, at("/"), { seconds, paths: ids.map((id) => `/api/v1/products/${id}`) }),
    );
    results.push(await runWrk("category page, edge-cached", at("/api/v1/products?category=kitchen-dining&limit=24"), { seconds }));
    // Add to cart: catalog + availability reads in D1, then one CartDO write; 1,000 guest carts.
    const inStock = (
      await (await server.env()).DB.prepare("SELECT product_id FROM inventory_levels WHERE available >= 1000 ORDER BY product_id LIMIT 50").all<{ product_id: string }>()
    ).results.map((r) => r.product_id);
    results.push(await runWrk("add to cart (guest, 1,000 carts, 50 products)", at("/"), { seconds, luaRequest: addToCartLua(inStock, 1000) }));
    // Flash sales: 1,000 concurrent buyers, 100 units, one SKU; one object, then split 8 ways.
    const sales = [
      await flashSale("single object", server.driver, { sku: "22423", units: 100, buyers: 1000, shards: 1 }),
      await flashSale("split across 8 shards", server.driver, { sku: "85099B", units: 100, buyers: 1000, shards: 8 }),
    ];
    const uncached = await server.setVars({ CATALOG_CACHE_TTL_SECONDS: "0" });
    results.push(
      await runWrk(`product page, cache off: D1 batch each time (${ids.length} products)`, at("/", uncached), {
        seconds,
        paths: ids.map((id) => `/api/v1/products/${id}`),
      }),
    );
    results.push(await runWrk("no-op route again (after reload)", at("/healthz", uncached), { seconds }));
    const report = [
      `# Benchmark (${new Date().toISOString()})`,
      "",
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; wrk -t2 -c32, ${seconds} s per scenario, on the same machine as the server.`,
      "",
      table(results, noop),
      "",
      "Flash sale: each buyer reserves one unit through a Worker → InventoryDO RPC (the bench driver);",
      "the no-op burst is the same number of concurrent requests to a route that does nothing.",
      "",
      saleTable(sales),
    ].join("\n");
    if (sales.some((f) => !f.conserved || f.succeeded !== 100 || f.soldOut !== 900)) process.exitCode = 1;
    console.log(`\n${report}\n`);
    mkdirSync(path.join(root, "reports"), { recursive: true });
    writeFileSync(path.join(root, "reports/bench.md"), `${report}\n`);
    console.log("Written to reports/bench.md");
  } finally {
    await server.close();
  }
};

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
