// Test access to the Worker: the typed hono/client over the Worker's own fetch handler, and
// small helpers that create accounts. Every helper takes unique emails (storage is per file).
import { exports } from "cloudflare:workers";
import { hc } from "hono/client";
import type { AppType } from "../../workers/app";

let ipCounter = 0;
/** A distinct client address per call, so the auth rate limit only bites where a test wants it. */
export const freshIp = () => `198.51.100.${(ipCounter++ % 250) + 1}`;

export const workerFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
  exports.default.fetch(new Request(input, init));

export const api = (headers: Record<string, string> = {}) =>
  hc<AppType>("https://shop.test", { fetch: workerFetch, headers: { "CF-Connecting-IP": freshIp(), ...headers } });

let emailCounter = 0;
export const uniqueEmail = (prefix = "user") => `${prefix}-${Date.now().toString(36)}-${emailCounter++}@example.com`;

export interface Account {
  token: string;
  userId: string;
  sellerId: string | null;
  email: string;
  password: string;
}

export const register = async (role: "customer" | "seller" = "customer", name = "Test User"): Promise<Account> => {
  const email = uniqueEmail(role);
  const password = "correct horse battery";
  const res = await api().api.v1.auth.register.$post({ json: { email, password, name, role } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const body = await res.json();
  return { token: body.token, userId: body.user.id, sellerId: body.user.seller_id, email, password };
};

export const authed = (a: { token: string }) => api({ Authorization: `Bearer ${a.token}` });

/** Raw JSON request for cases the typed client cannot express (malformed bodies etc.). */
export const raw = (method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) =>
  workerFetch(`https://shop.test${path}`, {
    method,
    body: init.body,
    headers: { "CF-Connecting-IP": freshIp(), ...(init.body !== undefined ? { "Content-Type": "application/json" } : {}), ...init.headers },
  });
