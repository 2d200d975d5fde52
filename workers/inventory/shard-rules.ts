// Pure rules for splitting one hot SKU across N shard objects: names, an order's home shard, the
// layout's transitions, and unit transfers (debit at the donor, idempotent credit at the recipient).
import { available, checkId, checkQty, decide, type Decision, fail, type Ledger, MAX_STOCK, ok, sweep, type Transfer } from "./inventory";
import type { InventorySnapshot, RpcResult } from "./types";

export const MIN_SHARDS = 2;
export const MAX_SHARDS = 64;

/**
 * Main object (name = sku): split into `n` shards, live when `on`; n stays after a split ends so
 * holds taken while split can still be found. Shard (name = sku#i): one of `n`, `on` while active.
 */
export interface Layout {
  n: number;
  on: boolean;
}

export const UNSPLIT: Layout = { n: 0, on: false };

export const shardName = (sku: string, index: number): string => `${sku}#${index}`;

/** Shard names contain '#', which product ids never do (PRODUCT_ID_PATTERN). */
export const isShardName = (name: string): boolean => name.includes("#");
export const mainOf = (name: string): string => {
  const k = name.lastIndexOf("#");
  return k < 0 ? name : name.slice(0, k);
};

/** FNV-1a: a stable hash, so an order always lands on the same shard (its idempotency lives there). */
export const homeIndex = (orderId: string, n: number): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < orderId.length; i++) h = Math.imul(h ^ orderId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
};

export const homeShard = (sku: string, orderId: string, n: number): string => shardName(sku, homeIndex(orderId, n));

/** Who a short home shard asks for units: the other shards (starting after it), then the main object. */
export const donorsFor = (sku: string, n: number, home: number): string[] => [
  ...Array.from({ length: n - 1 }, (_, k) => shardName(sku, (home + 1 + k) % n)),
  sku,
];

/** `units` spread as evenly as possible over `n` shards. */
export const split = (units: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => Math.floor(units / n) + (i < units % n ? 1 : 0));

/** Splitting is opt-in and its shard count is fixed per SKU: holds are found by hash(orderId) % n. */
export const enable = (current: Layout, n: number): RpcResult<Layout> => {
  if (!Number.isSafeInteger(n) || n < MIN_SHARDS || n > MAX_SHARDS) {
    return fail("invalid_data", "validation_failed", `shard count must be an integer from ${MIN_SHARDS} to ${MAX_SHARDS}`);
  }
  if (current.n !== 0 && current.n !== n) {
    return fail("not_allowed", "stock_split", `this SKU was split into ${current.n} shards; it keeps that count`);
  }
  return ok({ n, on: true });
};

/** Debits up to `want` available units for a transfer to `to`; a repeated id answers the first grant. */
export const transferOut = (
  l: Ledger,
  prior: Transfer | undefined,
  id: string,
  to: string,
  want: number,
  now: number,
): Decision<Transfer | null> => {
  const bad = checkId(id, "transfer id") ?? checkId(to, "recipient") ?? checkQty(want, 1, MAX_STOCK, "want");
  if (bad) return { result: bad, ledger: l, writes: [] };
  if (prior)
    return {
      result: prior.dir === "out" ? ok(prior) : fail("not_allowed", "idempotency_mismatch", `transfer ${id} came in here`),
      ledger: l,
      writes: [],
    };
  const { ledger: swept, expired } = sweep(l, now);
  const qty = Math.min(want, available(swept));
  if (qty === 0) return decide(l, swept, expired, () => ok(null));
  const t: Transfer = { id, dir: "out", peer: to, qty, state: "pending" };
  const stock = { ...swept.stock, onHand: swept.stock.onHand - qty, transferred: swept.stock.transferred - qty };
  return decide(l, { ...swept, stock }, expired, () => ok(t), undefined, t);
};

/** Credits a transfer once; a repeated id changes nothing (the donor may retry after a crash). */
export const transferIn = (
  l: Ledger,
  prior: Transfer | undefined,
  id: string,
  from: string,
  qty: number,
  now: number,
): Decision<boolean> => {
  const bad = checkId(id, "transfer id") ?? checkId(from, "donor") ?? checkQty(qty, 1, MAX_STOCK, "qty");
  if (bad) return { result: bad, ledger: l, writes: [] };
  if (prior) return { result: ok(false), ledger: l, writes: [] };
  const { ledger: swept, expired } = sweep(l, now);
  const t: Transfer = { id, dir: "in", peer: from, qty, state: "done" };
  const stock = { ...swept.stock, onHand: swept.stock.onHand + qty, transferred: swept.stock.transferred + qty };
  return decide(l, { ...swept, stock }, expired, () => ok(true), undefined, t);
};

/** The SKU as a whole: the main object plus its shards. Units in flight show as negative `transferred`. */
export const aggregate = (sku: string, parts: readonly InventorySnapshot[]): InventorySnapshot => {
  const sum = (f: (s: InventorySnapshot) => number) => parts.reduce((a, s) => a + f(s), 0);
  const expiries = parts.map((s) => s.nextExpiry).filter((x): x is number => x !== null);
  return {
    sku,
    onHand: sum((s) => s.onHand),
    reserved: sum((s) => s.reserved),
    available: sum((s) => s.available),
    sold: sum((s) => s.sold),
    initial: sum((s) => s.initial),
    restocked: sum((s) => s.restocked),
    adjusted: sum((s) => s.adjusted),
    transferred: sum((s) => s.transferred),
    // A sum of counters that only grow, so it only grows too: the projection keeps the newest.
    version: sum((s) => s.version),
    activeReservations: sum((s) => s.activeReservations),
    nextExpiry: expiries.length > 0 ? Math.min(...expiries) : null,
  };
};
