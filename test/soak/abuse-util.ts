// Shared plumbing for the abuse scenarios: a Probe that sends raw HTTP requests to the bench
// server (loopback), counts them and their 5xx answers, and records anything unexpected.
import { sign } from "hono/jwt";
import { tokenClaims, type Role } from "../../workers/identity/identity";
import { BENCH_SECRETS } from "../bench/server";
import type { AbuseResult } from "./types";

let ipCounter = 0;
/** A distinct client address per request group: register/login allow 10 a minute per address. */
export const freshIp = () => {
  const n = ipCounter++;
  return `10.${77 + (Math.floor(n / 65_536) % 100)}.${Math.floor(n / 256) % 256}.${n % 256}`;
};

export interface Sent {
  token?: string;
  /** A JS value sent as JSON, or a raw body (string / bytes / stream) sent as is. */
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  ip?: string;
  /** A streamed body the server may refuse early: a connection reset then is fine (not a 5xx). */
  allowReset?: boolean;
}

/** A parsed JSON body: the probes read whatever the server answered, field by field. */
// biome-ignore lint/suspicious/noExplicitAny: a probe reads arbitrary (possibly hostile) JSON answers loosely
export type Json = any;

export interface Answer {
  status: number;
  text: string;
  /** Parsed JSON body, or undefined. */
  data: Json;
}

/** Marks a 5xx whose body is not the API's `{ error }` JSON (e.g. wrangler's local proxy answering for it). */
export const NOT_API = " [not the API's JSON error body]";

const snippet = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s).replace(/\s+/g, " ");

export class Probe {
  requests = 0;
  fiveXx = 0;
  /** Connections reset where the server may close them (it answered 413 before the body was sent). */
  resets = 0;
  unexpected: string[] = [];

  constructor(
    readonly name: string,
    readonly base: URL,
  ) {}

  async send(method: string, path: string, o: Sent = {}, what = ""): Promise<Answer> {
    const label = what ? `${what}: ` : "";
    const headers: Record<string, string> = { "CF-Connecting-IP": o.ip ?? freshIp() };
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    let body: BodyInit | undefined = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers["Content-Type"] = "application/json";
    }
    Object.assign(headers, o.headers);
    this.requests++;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.base), {
        method,
        headers,
        body,
        ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
      } as RequestInit);
    } catch (e) {
      if (o.allowReset) this.resets++;
      else this.note(`${label}${method} ${path}: network error ${(e as Error).message}`);
      return { status: 0, text: "", data: undefined };
    }
    const text = await res.text();
    let data: Json;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (res.status >= 500) {
      this.fiveXx++;
      this.note(`${label}${method} ${path} → ${res.status} ${snippet(text)}${data?.error ? "" : NOT_API}`);
    }
    return { status: res.status, text, data };
  }

  /** Sends and checks the status is one of `ok`; 5xx are counted by send(), other misses noted here. */
  async expect(what: string, ok: number[] | ((s: number) => boolean), method: string, path: string, o: Sent = {}): Promise<Answer> {
    const a = await this.send(method, path, o, what);
    const pass = typeof ok === "function" ? ok(a.status) : ok.includes(a.status);
    if (!pass && a.status < 500 && a.status !== 0) this.note(`${what}: ${method} ${path} → ${a.status} ${snippet(a.text, 120)}`);
    return a;
  }

  note(s: string) {
    this.unexpected.push(s);
  }

  result(): AbuseResult {
    return { name: this.name, requests: this.requests, fiveXx: this.fiveXx, resets: this.resets, unexpected: this.unexpected };
  }
}

export const is4xx = (s: number) => s >= 400 && s < 500;

/** Runs a scenario; a thrown setup error becomes an `unexpected` line instead of ending the phase. */
export const scenario = async (name: string, base: URL, run: (p: Probe) => Promise<void>): Promise<AbuseResult> => {
  const p = new Probe(name, base);
  try {
    await run(p);
  } catch (e) {
    p.note(`scenario aborted: ${(e as Error).stack ?? String(e)}`.slice(0, 600));
  }
  return p.result();
};

/** A token as POST /auth/login signs it (right secret unless `secret` says otherwise). */
export const tokenFor = (
  p: { userId: string; role: Role; sellerId?: string },
  opts: { secret?: string; nowMs?: number; ttl?: number } = {},
) =>
  sign(
    tokenClaims(
      { userId: p.userId, role: p.role, isPrime: false, ...(p.sellerId ? { sellerId: p.sellerId } : {}) },
      opts.nowMs ?? Date.now(),
      opts.ttl ?? 3600,
    ),
    opts.secret ?? BENCH_SECRETS.JWT_SECRET,
    "HS256",
  );

/** A cart reduced to what a tampering attempt could change: lines and quantities, and the subtotal. */
export const cartShape = (cart: Json) =>
  JSON.stringify({
    id: cart?.cart_id ?? null,
    lines: (cart?.lines ?? []).map((l: { product_id: unknown; qty: unknown }) => [l.product_id, l.qty]).sort(),
    subtotal: cart?.totals?.subtotal ?? null,
  });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
