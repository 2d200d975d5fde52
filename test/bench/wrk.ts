// Runs wrk (Debian's package) against one URL and returns throughput and latency percentiles.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface LoadResult {
  name: string;
  rps: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

const REPORT = `
done = function(s, latency, requests)
  local e = s.errors
  io.write(string.format('\\nWRK_JSON {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    s.requests, s.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
`;

/** Picks a path per request from a list, so requests spread over many resources. */
const rotate = (paths: string[]) => `
local paths = { ${paths.map((p) => JSON.stringify(p)).join(", ")} }
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
`;

export const ensureWrk = () => {
  if (spawnSync("which", ["wrk"]).status === 0) return;
  console.log("Installing wrk from Debian's packages...");
  execFileSync("apt-get", ["install", "-y", "-qq", "wrk"], { stdio: "inherit" });
};

/**
 * Asynchronous on purpose: the local runtime calls back into this Node process while it serves
 * requests, so blocking the event loop (execFileSync) would stall the server under test.
 */
export const runWrk = async (
  name: string,
  url: URL,
  opts: {
    paths?: string[];
    /** Lua source defining `request()`, for requests that vary more than the path. */
    luaRequest?: string;
    seconds?: number;
    connections?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<LoadResult> => {
  const dir = mkdtempSync(path.join(tmpdir(), "wrk-"));
  const script = path.join(dir, "script.lua");
  writeFileSync(script, (opts.luaRequest ?? (opts.paths ? rotate(opts.paths) : "")) + REPORT);
  const headerArgs = Object.entries(opts.headers ?? {}).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
  const { stdout: out } = await execFileAsync(
    "wrk",
    ["-t2", `-c${opts.connections ?? 32}`, `-d${opts.seconds ?? 10}s`, "--timeout", "10s", "-s", script, ...headerArgs, url.toString()],
    { encoding: "utf8" },
  );
  const json = /WRK_JSON (\{.*\})/.exec(out)?.[1];
  if (!json) throw new Error(`wrk printed no result:\n${out}`);
  const r = JSON.parse(json) as {
    requests: number;
    duration_us: number;
    errors: number;
    non2xx: number;
    p50: number;
    p95: number;
    p99: number;
  };
  return {
    name,
    rps: r.requests / (r.duration_us / 1e6),
    p50ms: r.p50 / 1000,
    p95ms: r.p95 / 1000,
    p99ms: r.p99 / 1000,
    requests: r.requests,
    errors: r.errors,
    non2xx: r.non2xx,
  };
};

/** `carts` guest cookies as the Worker signs them (`<id>.<tag>`, see workers/cart/cart-id.ts). */
export const signedGuestCookies = (secret: string, carts: number): string[] =>
  Array.from({ length: carts }, (_, i) => {
    const id = (i + 1).toString(16).padStart(32, "0");
    return `${id}.${createHmac("sha256", secret).update(`guest-cart|${id}`).digest("hex").slice(0, 32)}`;
  });

/** Guests adding one unit of a random product to one of the given carts (signed cookie values). */
export const addToCartLua = (productIds: string[], cookies: string[]) => `
local products = { ${productIds.map((p) => JSON.stringify(p)).join(", ")} }
local carts = { ${cookies.map((c) => JSON.stringify(c)).join(", ")} }
request = function()
  local body = '{"product_id":"' .. products[math.random(#products)] .. '","qty":1}'
  local headers = { ["Content-Type"] = "application/json", ["Cookie"] = "cart_id=" .. carts[math.random(#carts)] }
  return wrk.format("POST", "/api/v1/cart/items", headers, body)
end
`;
