// The soak's load: a mixed shopper workload (search 60 %, product 25 %, cart 10 %, checkout 5 %)
// from a pool of virtual users at rising concurrency, every request recorded as a Sample. The
// base URL can change mid-run (a restart), so requests read it through `base()`.
import type { Buyer } from "../bench/checkout-setup";
import { statsOf } from "./report";
import type { EndpointStats, LoadStep, Sample } from "./types";

export interface Workload {
  base: () => URL;
  searchTerms: string[];
  productIds: string[];
  /** Buyers ready to check out once each; checkout is skipped (counted) when they run out. */
  buyers: Buyer[];
}

export const MIX: [string, number][] = [
  ["search", 0.6],
  ["product", 0.25],
  ["cart", 0.1],
  ["checkout", 0.05],
];

/** A small seeded PRNG (mulberry32): the same seed replays the same request mix. */
export const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const pick = <T>(xs: T[], r: number): T => xs[Math.floor(r * xs.length)]!;

interface VirtualUser {
  cookie?: string;
}

/** The first bodies of 5xx answers (which layer answered, and why), for the log and report. */
export const fiveXxBodies: string[] = [];
/** 5xx answers whose body is the API's own `{ error }` JSON, by request (see Sample.apiError). */
const apiFiveXx = new WeakSet<object>();
const note5xx = async (res: Response, marker?: object): Promise<number> => {
  if (res.status < 500) return res.status;
  const text = await res.text();
  if (fiveXxBodies.length < 10) fiveXxBodies.push(`${res.status} ${text.slice(0, 200)}`);
  try {
    if (marker && (JSON.parse(text) as { error?: { type?: string } }).error?.type) apiFiveXx.add(marker);
  } catch {
    /* not JSON: the runtime answered, not the API */
  }
  return res.status;
};

let searchClient = 0;
/** Search is rate-limited per client address (120 a minute); a virtual user searches far faster, so each search comes from its own address. */
const nextSearchClient = () => {
  searchClient++;
  return `10.${(searchClient >> 16) & 255}.${(searchClient >> 8) & 255}.${searchClient & 255}`;
};

const request = async (w: Workload, user: VirtualUser, endpoint: string, random: () => number, marker: object): Promise<number> => {
  const url = (path: string) => new URL(path, w.base());
  switch (endpoint) {
    case "search": {
      const q = encodeURIComponent(pick(w.searchTerms, random()));
      const extra = random() < 0.2 ? "&sort=price_asc" : random() < 0.2 ? "&page=2" : "";
      return note5xx(
        await fetch(url(`/api/v1/products/search?q=${q}${extra}`), { headers: { "CF-Connecting-IP": nextSearchClient() } }),
        marker,
      );
    }
    case "product":
      return note5xx(await fetch(url(`/api/v1/products/${encodeURIComponent(pick(w.productIds, random()))}`)), marker);
    case "cart": {
      const res = await fetch(url("/api/v1/cart/items"), {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(user.cookie ? { Cookie: user.cookie } : {}) },
        body: JSON.stringify({ product_id: pick(w.productIds, random()), qty: 1 }),
      });
      const set = res.headers.get("Set-Cookie")?.match(/cart_id=[0-9a-f]{32}\.[0-9a-f]{32}/)?.[0];
      if (set) user.cookie = set;
      return note5xx(res, marker);
    }
    case "checkout": {
      const b = w.buyers.pop();
      if (!b) return -1; // no buyer left: not a request
      const res = await fetch(url("/api/v1/orders"), {
        method: "POST",
        headers: { Authorization: `Bearer ${b.token}`, "Idempotency-Key": crypto.randomUUID(), "Content-Type": "application/json" },
        body: JSON.stringify(b.body),
      });
      return note5xx(res, marker);
    }
    default:
      return (await fetch(url("/healthz"))).status;
  }
};

const endpointFor = (r: number): string => {
  let acc = 0;
  for (const [name, share] of MIX) {
    acc += share;
    if (r < acc) return name;
  }
  return MIX[0]![0];
};

/** `concurrency` users sending `choose()`'s endpoints back to back for `ms`; samples appended to `out`. */
export const drive = async (
  w: Workload,
  opts: { concurrency: number; ms: number; t0: number; seed: number; choose?: (r: number) => string; maxRequests?: number },
  out: Sample[],
) => {
  const until = performance.now() + opts.ms;
  let sent = 0;
  const choose = opts.choose ?? endpointFor;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, u) => {
      const random = rng(opts.seed * 1000 + u);
      const user: VirtualUser = {};
      while (performance.now() < until && sent < (opts.maxRequests ?? Infinity)) {
        const endpoint = choose(random());
        const started = performance.now();
        let status: number;
        const marker = {};
        try {
          status = await request(w, user, endpoint, random, marker);
        } catch {
          status = 0; // refused or reset (e.g. during a restart)
        }
        if (status === -1) continue;
        sent++;
        out.push({
          t: started - opts.t0,
          endpoint,
          ms: performance.now() - started,
          status,
          ...(status >= 500 ? { apiError: apiFiveXx.has(marker) } : {}),
        });
      }
    }),
  );
};

/** Rising concurrency, one step after another; returns each step's figures. */
export const risingLoad = async (
  w: Workload,
  steps: { concurrency: number; ms: number }[],
  t0: number,
  out: Sample[],
  between?: (i: number) => Promise<void>,
): Promise<LoadStep[]> => {
  const result: LoadStep[] = [];
  for (const [i, step] of steps.entries()) {
    const from = out.length;
    const startedAt = performance.now() - t0;
    await drive(w, { concurrency: step.concurrency, ms: step.ms, t0, seed: i + 1 }, out);
    const mine = out.slice(from);
    const durationMs = performance.now() - t0 - startedAt;
    const byEndpoint: Record<string, EndpointStats> = {};
    for (const [name] of MIX)
      byEndpoint[name] = statsOf(
        mine.filter((s) => s.endpoint === name),
        durationMs,
      );
    result.push({
      concurrency: step.concurrency,
      startedAt,
      durationMs,
      requests: mine.length,
      rps: mine.length / (durationMs / 1000),
      byEndpoint,
    });
    console.log(`soak: concurrency ${step.concurrency}: ${mine.length} requests, ${(mine.length / (durationMs / 1000)).toFixed(0)} req/s`);
    if (between) await between(i);
  }
  return result;
};
