// OpenAPI fuzzer: reads /openapi.json from the server and sends `runs` fast-check-generated requests
// to every operation (with and without auth); the property is that no answer is a 5xx.
import fc from "fast-check";
import type { BenchServer } from "../bench/server";
import { freshIp, NOT_API } from "./abuse-util";
import type { OpenApiDoc } from "./fuzz-gen";
import { requestArb, type FuzzRequest } from "./fuzz-request";
import type { AbuseResult } from "./types";

export interface FuzzOptions {
  runs: number;
  seed: number;
  token: string;
  adminToken?: string;
  concurrency?: number;
}

const METHODS = new Set(["get", "post", "put", "patch", "delete"]);
// The order-tracking WebSocket (GET /api/v1/orders/live/socket) is fuzzed with plain GETs only:
// fetch never sends `Upgrade: websocket`, so the route always answers before the upgrade.
const MAX_REPORTED = 10;
/** Never sent with the admin token: a valid call is not fuzzing but a ~45 s build that stalls the local Worker. */
const NO_ADMIN = new Set(["post /api/v1/admin/jobs/recommendations"]);

/** A small string hash (FNV-1a), so each route's seed depends on its own name only. */
const hash = (s: string) => [...s].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16_777_619) >>> 0, 2_166_136_261);

interface Job {
  method: string;
  template: string;
  req: FuzzRequest;
}

const snippet = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s).replace(/\s+/g, " ");

export const fuzzOpenApi = async (server: BenchServer, opts: FuzzOptions): Promise<AbuseResult> => {
  const result: AbuseResult = { name: "openapi-fuzz", requests: 0, fiveXx: 0, resets: 0, unexpected: [] };
  const docRes = await fetch(new URL("/openapi.json", server.url));
  if (docRes.status !== 200) {
    result.unexpected.push(`GET /openapi.json → ${docRes.status}`);
    return result;
  }
  const doc = (await docRes.json()) as OpenApiDoc;

  const jobs: Job[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!METHODS.has(method)) continue;
      const admin = opts.adminToken !== undefined && !NO_ADMIN.has(`${method} ${path}`);
      const arb = requestArb(doc, path, method, op, admin);
      // One seed per route: a route's requests do not change when another route is added.
      for (const req of fc.sample(arb, { numRuns: opts.runs, seed: (opts.seed * 1_000_003 + hash(`${method} ${path}`)) | 0 }))
        jobs.push({ method: method.toUpperCase(), template: path, req });
    }
  }

  const failures: string[] = [];
  const byRoute = new Map<string, number>();
  let truncated = 0;
  const send = async ({ method, template, req }: Job) => {
    const url = new URL(req.path, server.url);
    for (const [k, v] of req.query) url.searchParams.append(k, v);
    const headers: Record<string, string> = { ...req.headers, "CF-Connecting-IP": freshIp() };
    if (req.auth === "token") headers.Authorization = `Bearer ${opts.token}`;
    if (req.auth === "admin" && opts.adminToken) headers.Authorization = `Bearer ${opts.adminToken}`;
    if (req.auth === "junk") headers.Authorization = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.junk";
    const body = method === "GET" || req.body == null ? undefined : req.body;
    if (body !== undefined && req.contentType) headers["Content-Type"] = req.contentType;
    result.requests++;
    let status = 0;
    let text = "";
    try {
      const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(60_000) });
      status = res.status;
      text = await res.text();
    } catch (e) {
      text = `network error: ${(e as Error).message}`;
    }
    // A forged token is refused before routing (or the body guards answer first): anything else trusted it.
    if (req.auth === "junk" && url.pathname.startsWith("/api/") && ![401, 413, 415].includes(status) && status !== 0 && status < 500) {
      if (failures.length < MAX_REPORTED)
        failures.push(`junk token accepted: ${method} ${snippet(url.pathname, 100)} → ${status} ${snippet(text, 100)}`);
      else truncated++;
    }
    if (status >= 500 || status === 0) {
      if (status >= 500) result.fiveXx++;
      const route = `${method} ${template}`;
      byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
      if (failures.length >= MAX_REPORTED) truncated++;
      else {
        const sent = body === undefined ? "" : ` body=${snippet(body, 100)}`;
        const tag = status >= 500 && !text.startsWith('{"error"') ? NOT_API : "";
        failures.push(
          `${method} ${snippet(url.pathname + url.search, 160)} [auth=${req.auth}]${sent} → ${status} ${snippet(text, 160)}${tag}`,
        );
      }
    }
  };

  let next = 0;
  const workers = Array.from({ length: opts.concurrency ?? 8 }, async () => {
    while (next < jobs.length) await send(jobs[next++]!);
  });
  await Promise.all(workers);

  result.unexpected.push(...failures);
  if (truncated > 0) result.unexpected.push(`…and ${truncated} more failing requests`);
  if (byRoute.size > 0) {
    result.unexpected.push(`5xx/network errors by route (seed ${opts.seed}): ${[...byRoute].map(([r, n]) => `${r} ×${n}`).join("; ")}`);
  }
  return result;
};
