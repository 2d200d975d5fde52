// `npm run eval:search [-- --limit N] [--concurrency C]`: search relevance on the Home Depot data
// set through GET /api/v1/products/search of the built Worker; writes reports/search-eval.md.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEvalServer, root } from "./eval-server";
import { readJudgements, readQueries, writeCorpusCatalog, type Query } from "./homedepot";
import { CUTOFF, scoreQuery, summarise, type QueryOutcome, type QueryScore } from "./metrics";
import { writeReport } from "./report";

const CATALOG_FILE = path.join(root, ".wrangler/eval/homedepot-catalog.tsv");
const REPORT_DIR = path.join(root, "reports");

/**
 * Requests in flight. The Worker runs single-threaded: 2 already gives ~95 % of the throughput of 8
 * (19.5 vs 20.9 queries/s on 2 cores), while 8 mostly adds queueing to the latency figures.
 */
const DEFAULT_CONCURRENCY = 2;

const parseArgs = (argv: readonly string[]) => {
  const args = { limit: Infinity, concurrency: DEFAULT_CONCURRENCY };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const n = Number(argv[++i]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive whole number.`);
    if (flag === "--limit") args.limit = n;
    else if (flag === "--concurrency") args.concurrency = n;
    else throw new Error(`Unknown argument '${flag}'. Usage: npm run eval:search [-- --limit N] [--concurrency C]`);
  }
  return args;
};

type Answer = { results?: { product_id: string; title: string }[]; total_results?: number; corrected_query?: string | null };

let client = 0;
/** Search is rate-limited per client address: each query comes from its own (10.0.0.0/8; the local runtime keeps CF-Connecting-IP). */
const nextClient = () => {
  client++;
  return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
};

const ask = async (base: URL, q: Query): Promise<QueryOutcome & { titles: string[]; corrected: string | null }> => {
  const url = new URL("/api/v1/products/search", base);
  url.search = new URLSearchParams({ q: q.query, page_size: String(CUTOFF) }).toString();
  const started = performance.now();
  try {
    const res = await fetch(url, { headers: { "Cache-Control": "no-cache", "CF-Connecting-IP": nextClient() } });
    const body = (await res.json()) as Answer;
    const latencyMs = performance.now() - started;
    if (!res.ok || !Array.isArray(body.results)) {
      return {
        ids: [],
        titles: [],
        totalResults: 0,
        latencyMs,
        error: `HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`,
        corrected: null,
      };
    }
    const results = body.results;
    return {
      ids: results.map((r) => r.product_id),
      titles: results.map((r) => r.title),
      totalResults: body.total_results ?? results.length,
      latencyMs,
      error: null,
      corrected: body.corrected_query ?? null,
    };
  } catch (e) {
    return { ids: [], titles: [], totalResults: 0, latencyMs: performance.now() - started, error: String(e), corrected: null };
  }
};

/** Runs `task` over `items` with at most `limit` in flight; results in input order. */
const pool = async <T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>, tick: (done: number) => void) => {
  const out = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
      if (++done % 250 === 0) tick(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
};

const main = async () => {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const [queries, judgements] = await Promise.all([readQueries(), readJudgements()]);
  const titles = await writeCorpusCatalog(CATALOG_FILE);
  console.log(`Data: ${titles.size} products, ${queries.length} queries, judgements for ${judgements.size}.`);
  const server = await startEvalServer(CATALOG_FILE);
  const { imported } = server;
  console.log(`Imported ${imported.written.products} products in ${imported.seconds.toFixed(1)} s.`);
  const chosen = queries.slice(0, args.limit);
  const runStarted = performance.now();
  let runs: { query: Query; outcome: Awaited<ReturnType<typeof ask>>; score: QueryScore }[];
  try {
    await ask(server.url, { qid: "warm-up", query: "warm up" });
    runs = await pool(
      chosen,
      args.concurrency,
      async (query) => {
        const outcome = await ask(server.url, query);
        return { query, outcome, score: scoreQuery(outcome.ids, judgements.get(query.qid) ?? new Map()) };
      },
      (done) => console.log(`  queries ${done} / ${chosen.length}`),
    );
  } finally {
    await server.close();
  }
  const runSeconds = (performance.now() - runStarted) / 1000;
  const summary = summarise(runs);
  mkdirSync(REPORT_DIR, { recursive: true });
  const dump = runs.map(({ query, outcome, score }) => {
    const judged = judgements.get(query.qid) ?? new Map<string, number>();
    const ideal = [...judged]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([id, r]) => ({ id, gain: r - 1, title: titles.get(id) }));
    return JSON.stringify({
      qid: query.qid,
      query: query.query,
      corrected_query: outcome.corrected,
      total_results: outcome.totalResults,
      ndcg10: Number(score.ndcg.toFixed(4)),
      ids: outcome.ids,
      gains: score.gains,
      titles: outcome.titles,
      best_judged: ideal,
      latency_ms: Math.round(outcome.latencyMs),
      error: outcome.error,
    });
  });
  writeFileSync(path.join(REPORT_DIR, "search-eval-queries.jsonl"), `${dump.join("\n")}\n`);
  const command = `npm run eval:search${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const report = writeReport(path.join(REPORT_DIR, "search-eval.md"), {
    summary,
    imported,
    command,
    started,
    runSeconds,
    concurrency: args.concurrency,
    limited: args.limit !== Infinity,
  });
  console.log(`\n${report}`);
  const firstError = runs.find((r) => r.outcome.error !== null);
  if (firstError) console.error(`First error (${firstError.query.query}): ${firstError.outcome.error}`);
};

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
