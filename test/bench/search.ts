// Search throughput (GET /api/v1/products/search): cached and uncached queries, over the real
// demo catalog and again after 100,000 synthetic products are added to the same storage, each
// pair beside a no-op route (/healthz) measured just before it, with the same wrk settings.
import { insertSyntheticProducts } from "../../workers/demo-data/import.repo";
import type { BenchServer } from "./server";
import { runWrk, type LoadResult } from "./wrk";

/** Realistic shopper queries for the demo catalog (UCI Online Retail titles). */
export const CACHED_QUERIES = [
  "lantern",
  "heart",
  "cake stand",
  "christmas",
  "bag",
  "candle",
  "mug",
  "vintage",
  "jumbo bag",
  "tea light",
  "bunting",
  "doormat",
  "clock",
  "cushion",
  "wall art",
  "lunch box",
  "paper napkins",
  "glass",
  "frame",
  "gift wrap",
];

const SEARCH = "/api/v1/products/search";
const searchPath = (q: string, pageSize?: number) =>
  `${SEARCH}?q=${encodeURIComponent(q)}${pageSize === undefined ? "" : `&page_size=${pageSize}`}`;

/** Distinct lowercase words (3+ letters) of the titles in the database: what shoppers type. */
const titleWords = async (server: BenchServer): Promise<string[]> => {
  const { results } = await (await server.env()).DB.prepare("SELECT DISTINCT title FROM products").all<{ title: string }>();
  const words = new Set<string>();
  for (const { title } of results) for (const w of title.toLowerCase().match(/\p{L}{3,}/gu) ?? []) words.add(w);
  return [...words].sort();
};

/**
 * Search is rate-limited per client address (SEARCH_RATE_LIMITER, 120 a minute): the bench
 * measures throughput, not the limiter, so every wrk request comes from a random address of
 * 10.0.0.0/8 (the local runtime keeps a client's CF-Connecting-IP).
 */
const RANDOM_CLIENT = `{ ["CF-Connecting-IP"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254) }`;

/** The edge-cached run: a random one of `paths` per request, from a random client address. */
const cachedSearchLua = (paths: string[]) => `
local paths = { ${paths.map((p) => JSON.stringify(p)).join(", ")} }
request = function()
  return wrk.format("GET", paths[math.random(#paths)], ${RANDOM_CLIENT})
end
`;

/**
 * Every request a cache key not used before: word i of the list, then the next page size, then
 * the next sort, enumerated by a per-thread counter (threads interleave), so no two requests of a
 * run share a key and every one runs the D1 FTS5 query. `pageSizes` keeps runs apart too.
 */
export const uncachedSearchLua = (words: string[], pageSizes: readonly number[]) => `
local words = { ${words.map((w) => JSON.stringify(encodeURIComponent(w))).join(", ")} }
local sizes = { ${pageSizes.join(", ")} }
local sorts = { "relevance", "price_asc", "price_desc", "rating", "newest", "best_sellers" }
local nthreads = 0
setup = function(thread)
  thread:set("tid", nthreads)
  nthreads = nthreads + 1
end
local n = 0
request = function()
  local i = n * 2 + (tid or 0) -- runWrk runs 2 threads (-t2)
  n = n + 1
  local w = words[(i % #words) + 1]
  local rest = math.floor(i / #words)
  local size = sizes[(rest % #sizes) + 1]
  local sort = sorts[(math.floor(rest / #sizes) % #sorts) + 1]
  return wrk.format("GET", "${SEARCH}?q=" .. w .. "&page_size=" .. size .. "&sort=" .. sort, ${RANDOM_CLIENT})
end
`;

export interface SearchPhase {
  catalog: string;
  products: number;
  noop: LoadResult;
  cached: LoadResult;
  uncached: LoadResult;
  /** The slowest single uncached queries of a sequential sample (ms), for the notes. */
  slowest: { q: string; ms: number; total: number }[];
  failures: string[];
}

let probeClient = 0;
/** One request per query, one at a time, on keys wrk never uses (page_size 49/50): D1 time per query. */
const probe = async (url: URL, words: string[], pageSize: number): Promise<{ slowest: SearchPhase["slowest"]; failures: string[] }> => {
  const sample = words.filter((_, i) => i % Math.max(1, Math.floor(words.length / 40)) === 0).slice(0, 40);
  const timed: SearchPhase["slowest"] = [];
  const failures: string[] = [];
  for (const q of [...CACHED_QUERIES, ...sample]) {
    const t0 = performance.now();
    const res = await fetch(new URL(searchPath(q, pageSize), url), {
      headers: { "CF-Connecting-IP": `10.255.${(probeClient >> 8) & 255}.${probeClient++ & 255}` },
    });
    const ms = performance.now() - t0;
    if (!res.ok) {
      failures.push(`q=${q}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      continue;
    }
    const body = (await res.json()) as { total_results: number };
    timed.push({ q, ms, total: body.total_results });
  }
  return { slowest: timed.sort((a, b) => b.ms - a.ms).slice(0, 5), failures };
};

const phase = async (
  server: BenchServer,
  catalog: string,
  opts: { seconds: number; probePageSize: number; cachedPageSize?: number; uncachedPageSizes: readonly number[] },
): Promise<SearchPhase> => {
  const url = server.url;
  const products = (await (await server.env()).DB.prepare("SELECT COUNT(*) AS n FROM products").first<number>("n")) ?? 0;
  const words = await titleWords(server);
  const { slowest, failures } = await probe(url, words, opts.probePageSize);
  const cachedPaths = CACHED_QUERIES.map((q) => searchPath(q, opts.cachedPageSize));
  // Warm the edge cache, so the cached run measures hits (the TTL, 30 s, outlives a 10 s run).
  for (const p of cachedPaths) await (await fetch(new URL(p, url))).arrayBuffer();
  const noop = await runWrk(`no-op route (GET /healthz), ${catalog}`, new URL("/healthz", url), { seconds: opts.seconds });
  const cached = await runWrk(`search, edge-cached (${CACHED_QUERIES.length} queries), ${catalog}`, new URL("/", url), {
    seconds: opts.seconds,
    luaRequest: cachedSearchLua(cachedPaths),
  });
  const uncached = await runWrk(
    `search, uncached: D1 FTS5 each time (${words.length} title words × page sizes × sorts), ${catalog}`,
    new URL("/", url),
    {
      seconds: opts.seconds,
      luaRequest: uncachedSearchLua(words, opts.uncachedPageSizes),
    },
  );
  return { catalog, products, noop, cached, uncached, slowest, failures };
};

export const SYNTHETIC_PRODUCTS = Number(process.env.BENCH_SEARCH_SYNTHETIC ?? 100_000);

/**
 * The real catalog first; then SYNTHETIC_PRODUCTS synthetic products (seed 42, as `npm run seed
 * -- --synthetic`) are written into the same storage and the pair runs again. Each run uses cache
 * keys of its own (page sizes), so nothing cached before the insert is served after it.
 */
export const searchBench = async (server: BenchServer, seconds: number): Promise<SearchPhase[]> => {
  const phases = [
    await phase(server, "real catalog", { seconds, probePageSize: 50, uncachedPageSizes: [11, 12, 13, 14, 15, 16, 17, 18, 19, 21] }),
  ];
  if (SYNTHETIC_PRODUCTS > 0) {
    console.log(`Adding ${SYNTHETIC_PRODUCTS.toLocaleString("en-GB")} synthetic products...`);
    const t0 = performance.now();
    await insertSyntheticProducts((await server.env()).DB, SYNTHETIC_PRODUCTS, 42);
    console.log(`  inserted in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    phases.push(
      await phase(server, `+${SYNTHETIC_PRODUCTS / 1000}k synthetic`, {
        seconds,
        probePageSize: 49,
        cachedPageSize: 22,
        uncachedPageSizes: [23, 24, 25, 26, 27, 28, 29, 30, 31, 32],
      }),
    );
  }
  return phases;
};

export const searchTable = (phases: SearchPhase[]) => {
  const row = (p: SearchPhase, r: LoadResult) =>
    `| ${r.name} | ${p.products.toLocaleString("en-GB")} | ${r.rps.toFixed(0)} | ${(r.rps / p.noop.rps).toFixed(3)} | ${r.p50ms.toFixed(2)} | ${r.p95ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${r.non2xx} | ${r.errors} |`;
  return [
    "Search: GET /api/v1/products/search. Cached: 20 fixed queries, warmed first, so nearly every request is an edge-cache hit.",
    "Uncached: every request a cache key not used before (a title word, page size, sort), so each runs D1 FTS5 plus facets.",
    "The 100k rows: the same storage after the synthetic products were added (seed 42); each pair's ratio is to the no-op route measured just before it.",
    "",
    "| scenario | products | req/s | vs no-op | p50 ms | p95 ms | p99 ms | non-2xx | errors |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...phases.flatMap((p) => [row(p, p.noop), row(p, p.cached), row(p, p.uncached)]),
    "",
    "Slowest single queries (sequential, unloaded, uncached, page_size 50 / 49):",
    "",
    ...phases.map((p) => `- ${p.catalog}: ${p.slowest.map((s) => `"${s.q}" ${s.ms.toFixed(0)} ms (${s.total} hits)`).join(", ")}`),
    ...phases.flatMap((p) => p.failures.map((f) => `- FAILED (${p.catalog}): ${f}`)),
    "",
  ].join("\n");
};
