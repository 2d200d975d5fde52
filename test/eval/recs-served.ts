// What the API serves, over HTTP: the admin build job, then recommendation lists per customer or
// product, timed on the client, with a small pool of requests in flight.
import http from "node:http";
import { addCase, createTally, K, summariseTally, type Tally } from "./recs-metrics";
import type { CompletionCase, NextBasketCase } from "./recs-protocol";
import type { ResultRow } from "./recs-report";

export type JobRun =
  | { state: "done"; status: number; body: unknown; seconds: number }
  | { state: "missing" | "failed"; status: number | null; body: unknown; seconds: number };

/**
 * POST /api/v1/admin/jobs/recommendations. node:http rather than fetch: the build may take longer
 * than fetch's fixed 300 s wait for response headers.
 */
export const runRecommendationJob = (base: URL, adminToken: string): Promise<JobRun> => {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const url = new URL("/api/v1/admin/jobs/recommendations", base);
  return new Promise((resolve) => {
    const req = http.request(url, { method: "POST", headers: { Authorization: `Bearer ${adminToken}`, "Content-Length": "0" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text for the report
        }
        const status = res.statusCode ?? 0;
        resolve({ state: status === 200 ? "done" : status === 404 ? "missing" : "failed", status, body, seconds: seconds() });
      });
    });
    req.on("error", (e) => resolve({ state: "failed", status: null, body: String(e), seconds: seconds() }));
    req.end();
  });
};

export type ServedList = {
  /** Product ids in rank order; null when the request failed. */
  ids: string[] | null;
  strategy: string | null;
  latencyMs: number;
  error: string | null;
};

type Answer = { results?: { product_id?: unknown }[]; strategy?: unknown };

/** GET `pathAndQuery` (with a Bearer token when given) and read `{ results: [{ product_id }], strategy }`. */
export const getRecommendations = async (base: URL, pathAndQuery: string, token?: string): Promise<ServedList> => {
  const headers: Record<string, string> = { "Cache-Control": "no-cache" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const started = performance.now();
  try {
    const res = await fetch(new URL(pathAndQuery, base), { headers });
    const text = await res.text();
    const latencyMs = performance.now() - started;
    let body: Answer | null = null;
    try {
      body = JSON.parse(text) as Answer;
    } catch {
      // reported below
    }
    if (!res.ok || !body || !Array.isArray(body.results)) {
      return { ids: null, strategy: null, latencyMs, error: `HTTP ${res.status} ${text.slice(0, 200)}` };
    }
    const ids = body.results.map((r) => String(r.product_id));
    return { ids, strategy: typeof body.strategy === "string" ? body.strategy : null, latencyMs, error: null };
  } catch (e) {
    return { ids: null, strategy: null, latencyMs: performance.now() - started, error: String(e) };
  }
};

const PROGRESS_EVERY_MS = 15_000;

/** Runs `task` over `items` with at most `limit` in flight; results in input order; `tick` every 15 s. */
export const pool = async <T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  tick?: (done: number) => void,
): Promise<R[]> => {
  const out = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let shown = performance.now();
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
      done++;
      if (performance.now() - shown > PROGRESS_EVERY_MS) {
        shown = performance.now();
        tick?.(done);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
};

/** Requests per second and the strategies the API named, over a run of served lists. */
export type ServedStats = {
  requests: number;
  seconds: number;
  perSecond: number;
  latencies: number[];
  strategies: Map<string, number>;
  firstError: string | null;
};

export const servedStats = (lists: readonly ServedList[], seconds: number): ServedStats => {
  const strategies = new Map<string, number>();
  for (const l of lists) if (l.ids) strategies.set(l.strategy ?? "(none)", (strategies.get(l.strategy ?? "(none)") ?? 0) + 1);
  return {
    requests: lists.length,
    seconds,
    perSecond: seconds > 0 ? lists.length / seconds : NaN,
    latencies: lists.filter((l) => l.error === null).map((l) => l.latencyMs),
    strategies,
    firstError: lists.find((l) => l.error !== null)?.error ?? null,
  };
};

const tallyServed = <C>(
  cases: readonly C[],
  lists: readonly ServedList[],
  target: (c: C) => string[],
  excluded: (c: C) => string[],
): Tally => {
  const tally = createTally();
  cases.forEach((c, i) => {
    addCase(tally, lists[i]!.ids, new Set(target(c)), new Set(excluded(c)));
  });
  return tally;
};

/** Served lists for both protocols; product pages are asked once per distinct anchor. */
export const servedRows = async (
  server: { url: URL; customerToken: (customerId: string) => Promise<string> },
  catalogSize: number,
  a: readonly NextBasketCase[],
  b: readonly CompletionCase[],
  concurrency: number,
): Promise<ResultRow[]> => {
  const fmt = (n: number) => n.toLocaleString("en-GB");
  const tick = (what: string, total: number) => (done: number) => console.log(`  ${what} ${fmt(done)} / ${fmt(total)}`);
  let started = performance.now();
  const personal = await pool(
    a,
    concurrency,
    async (c) => getRecommendations(server.url, `/api/v1/recommendations?limit=${K}`, await server.customerToken(c.customerId)),
    tick("A customers", a.length),
  );
  const rows: ResultRow[] = [
    {
      protocol: "A",
      method: "served /recommendations",
      summary: summariseTally(
        tallyServed(
          a,
          personal,
          (c) => c.target,
          (c) => c.history,
        ),
        catalogSize,
      ),
      served: servedStats(personal, (performance.now() - started) / 1000),
    },
  ];
  const anchors = [...new Set(b.map((c) => c.anchor))];
  for (const type of ["similar", "bought_together"] as const) {
    started = performance.now();
    const lists = await pool(
      anchors,
      concurrency,
      (id) => getRecommendations(server.url, `/api/v1/products/${encodeURIComponent(id)}/recommendations?type=${type}&limit=${K}`),
      tick(`B ${type}`, anchors.length),
    );
    const stats = servedStats(lists, (performance.now() - started) / 1000);
    const byAnchor = new Map(anchors.map((id, i) => [id, lists[i]!]));
    const perCase = b.map((c) => byAnchor.get(c.anchor)!);
    const summary = summariseTally(
      tallyServed(
        b,
        perCase,
        (c) => c.target,
        (c) => [c.anchor],
      ),
      catalogSize,
    );
    rows.push({ protocol: "B", method: `served ${type}`, summary, served: stats });
  }
  return rows;
};
