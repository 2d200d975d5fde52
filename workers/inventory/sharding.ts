// Routing for SKUs split across shard objects (opt-in, for flash sales): an order's hold lives on
// its home shard (hash(orderId) % n); a short home shard pulls units from the others, then the
// main object, before answering "sold out". The design is in the inventory section of the README.
import { fail } from "./inventory";
import type { SkuOps } from "./reserve-all";
import { donorsFor, homeIndex, type Layout, shardName } from "./shard-rules";
import type { InventorySnapshot, ReservationView, RpcResult } from "./types";

/** The hold a donor's units are for: taken at the recipient in the same step as the credit. */
export interface Hold {
  orderId: string;
  qty: number;
  ttlMs?: number;
}

type Reply = RpcResult<ReservationView>;

/**
 * A fresh copy of a value received over RPC. A Durable Object that returns the received object itself
 * from its own RPC method keeps the upstream call open, and the callee never goes idle.
 */
export const detach = <T>(value: T): T => structuredClone(value !== null && typeof value === "object" ? { ...value } : value);

/** Any InventoryDO by name: a SKU's main object (`sku`) or one of its shards (`sku#i`). */
export const objectStub = (env: Cloudflare.Env, name: string) => env.INVENTORY.get(env.INVENTORY.idFromName(name));

/**
 * The main object's layout, cached per isolate for a few seconds. A stale copy is safe: an object
 * asked to take a hold it no longer serves answers stale_version and the router asks again.
 */
const LAYOUT_TTL_MS = 5_000;
const layouts = new Map<string, { at: number; layout: Promise<Layout> }>();

export const layoutOf = (env: Cloudflare.Env, sku: string, fresh = false): Promise<Layout> => {
  const hit = layouts.get(sku);
  if (hit && !fresh && Date.now() - hit.at < LAYOUT_TTL_MS) return hit.layout;
  const layout = objectStub(env, sku)
    .splitLayout(sku)
    .then((r) => (r.ok ? r.value : { n: 0, on: false }));
  layouts.set(sku, { at: Date.now(), layout });
  layout.catch(() => layouts.delete(sku));
  return layout;
};

const MAX_PASSES = 3;
const short = (r: Reply): r is Extract<Reply, { ok: false }> => !r.ok && r.error.code === "insufficient_stock";

/** Home shard first; when short, each other object in turn is asked for the missing units. */
const reserveSplit = async (env: Cloudflare.Env, sku: string, n: number, hold: Hold): Promise<Reply> => {
  const home = homeIndex(hold.orderId, n);
  const homeName = shardName(sku, home);
  let r: Reply = await objectStub(env, homeName).reserve(homeName, hold.orderId, hold.qty, hold.ttlMs);
  for (let pass = 0; pass < MAX_PASSES && short(r); pass++) {
    let moved = false;
    for (const donor of donorsFor(sku, n, home)) {
      if (!short(r)) break;
      const want = hold.qty - (r.error.available ?? 0);
      const g = await objectStub(env, donor).give(donor, { id: crypto.randomUUID(), to: homeName, want }, hold);
      if (!g.ok || g.value.granted === 0) continue;
      moved = true;
      r = g.value.reservation ?? r;
    }
    // A pass in which every object had nothing to give: the SKU is sold out.
    if (!moved) break;
  }
  if (!short(r)) return r;
  const available = r.error.available ?? 0;
  return fail("not_allowed", "insufficient_stock", `only ${available} of ${sku} available, ${hold.qty} requested`, { available });
};

/** stale_version: the layout changed (or is changing, for a few milliseconds): ask again, a little later each time. */
const BACKOFF_MS = [0, 10, 40, 120];

const reserve = async (env: Cloudflare.Env, sku: string, hold: Hold): Promise<Reply> => {
  for (let attempt = 0; ; attempt++) {
    const layout = await layoutOf(env, sku, attempt > 0);
    const r = layout.on
      ? await reserveSplit(env, sku, layout.n, hold)
      : await objectStub(env, sku).reserve(sku, hold.orderId, hold.qty, hold.ttlMs);
    const wait = BACKOFF_MS[attempt + 1];
    if (r.ok || r.error.code !== "stale_version" || wait === undefined) return r;
    await new Promise((done) => setTimeout(done, wait));
  }
};

/** Where a hold may be: its home shard and the main object (which first depends on the layout). */
const places = (sku: string, orderId: string, l: Layout): string[] => {
  if (l.n === 0) return [sku];
  const home = shardName(sku, homeIndex(orderId, l.n));
  return l.on ? [home, sku] : [sku, home];
};

const located = async (env: Cloudflare.Env, sku: string, orderId: string, call: (name: string) => Promise<Reply>): Promise<Reply> => {
  let layout = await layoutOf(env, sku);
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const name of places(sku, orderId, layout)) {
      const r = await call(name);
      if (r.ok || r.error.code !== "reservation_not_found") return r;
    }
    const fresh = await layoutOf(env, sku, true);
    if (fresh.n === layout.n) break;
    layout = fresh;
  }
  return fail("not_found", "reservation_not_found", `no reservation for order ${orderId} on ${sku}`);
};

/** The per-SKU calls reserveAll / commitAll / releaseAll make; unsplit SKUs go straight to their object. */
export const splitAwareOps = (env: Cloudflare.Env): SkuOps => ({
  reserve: (sku, orderId, qty, ttlMs) => reserve(env, sku, { orderId, qty, ttlMs }),
  commit: (sku, orderId) => located(env, sku, orderId, (name) => objectStub(env, name).commit(name, orderId)),
  release: (sku, orderId) => located(env, sku, orderId, (name) => objectStub(env, name).release(name, orderId)),
});

export const reservationOf = (env: Cloudflare.Env, sku: string, orderId: string): Promise<Reply> =>
  located(env, sku, orderId, (name) => objectStub(env, name).reservation(name, orderId));

/** Splits a SKU's free units over `n` shards (idempotent; n is fixed per SKU once chosen). */
export const splitSku = async (env: Cloudflare.Env, sku: string, n: number): Promise<RpcResult<Layout>> => {
  const r = await objectStub(env, sku).splitInto(sku, n);
  layouts.delete(sku);
  return r;
};

/** Ends the split: new holds go to the main object again and the shards send their free units back. */
export const unsplitSku = async (env: Cloudflare.Env, sku: string): Promise<RpcResult<Layout>> => {
  const r = await objectStub(env, sku).unsplit(sku);
  layouts.delete(sku);
  return r;
};

/** The whole SKU's stock (main object plus shards). */
export const skuStock = (env: Cloudflare.Env, sku: string): Promise<InventorySnapshot> => objectStub(env, sku).snapshot(sku);
