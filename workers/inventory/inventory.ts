// Pure stock rules for one SKU: reservations (active → committed | released | expired), restock and
// absolute counts (idempotent by opId). No bindings, no clock: `now` is an argument. Every
// decision first expires what is due, so a late alarm never lets an expired hold be committed.
import type { ErrorCode, ErrorType } from "../shared/errors";
import type { InventorySnapshot, ReservationView, RpcError, RpcResult } from "./types";

export const MAX_RESERVE_QTY = 10_000;
export const MAX_STOCK = 1_000_000_000;
export const MAX_TTL_MS = 86_400_000;
const MAX_ID_LENGTH = 200;

/** Counters of one SKU (or of one shard of it): the stored part of its snapshot. */
export type Stock = Pick<InventorySnapshot, "sku" | "onHand" | "sold" | "initial" | "restocked" | "adjusted" | "transferred" | "version">;

export type Reservation = ReservationView;

/** The in-memory model: counters plus the active reservations (finished ones live only in storage). */
export interface Ledger {
  readonly stock: Stock;
  readonly active: ReadonlyMap<string, Reservation>;
  readonly reserved: number;
}

export interface StockOp {
  opId: string;
  kind: "restock" | "adjust";
  qty: number;
}

/** Units moved between the objects of a split SKU (shard-rules.ts): pending at the donor until the recipient has them. */
export interface Transfer {
  id: string;
  dir: "out" | "in";
  peer: string;
  qty: number;
  state: "pending" | "done";
}

/** What an operation decided: the answer, the next ledger (=== the old one when nothing changed) and what to persist. */
export interface Decision<T> {
  result: RpcResult<T>;
  ledger: Ledger;
  writes: Reservation[];
  op?: StockOp;
  transfer?: Transfer;
}

export const ok = <T>(value: T): RpcResult<T> => ({ ok: true, value });
export const fail = <T extends ErrorType>(
  type: T,
  code: ErrorCode<T>,
  message: string,
  extra: Partial<RpcError> = {},
): { ok: false; error: RpcError } => ({
  ok: false,
  error: { type, code, message, ...extra },
});

export const ledgerOf = (stock: Stock, active: Iterable<Reservation>): Ledger => {
  const map = new Map<string, Reservation>();
  let reserved = 0;
  for (const r of active) {
    if (r.status !== "active") continue;
    map.set(r.orderId, r);
    reserved += r.qty;
  }
  return { stock, active: map, reserved };
};

export const openLedger = (sku: string, initial: number): Ledger =>
  ledgerOf({ sku, onHand: initial, sold: 0, initial, restocked: 0, adjusted: 0, transferred: 0, version: 0 }, []);

export const available = (l: Ledger): number => l.stock.onHand - l.reserved;

export const snapshot = (l: Ledger): InventorySnapshot => {
  let nextExpiry: number | null = null;
  for (const r of l.active.values()) if (nextExpiry === null || r.expiresAt < nextExpiry) nextExpiry = r.expiresAt;
  const { sku, onHand, sold, initial, restocked, adjusted, transferred, version } = l.stock;
  return {
    sku,
    onHand,
    reserved: l.reserved,
    available: available(l),
    sold,
    initial,
    restocked,
    adjusted,
    transferred,
    version,
    activeReservations: l.active.size,
    nextExpiry,
  };
};

/** The conservation invariant of one ledger. */
export const conserved = (s: InventorySnapshot): boolean =>
  s.initial + s.restocked + s.adjusted + (s.transferred ?? 0) === s.onHand + s.sold &&
  s.onHand === s.available + s.reserved &&
  s.available >= 0 &&
  s.reserved >= 0 &&
  s.sold >= 0;

const isId = (id: unknown): id is string => typeof id === "string" && id.length > 0 && id.length <= MAX_ID_LENGTH;
const isCount = (n: unknown, min: number, max: number): n is number =>
  Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= max;

export const checkId = (id: unknown, what: string) =>
  isId(id) ? null : fail("invalid_data", "invalid_id", `${what} must be a string of 1-${MAX_ID_LENGTH} characters`);
export const checkQty = (qty: unknown, min: number, max: number, what: string) =>
  isCount(qty, min, max) ? null : fail("invalid_data", "invalid_quantity", `${what} must be an integer from ${min} to ${max}`);

/** Replaces or removes reservations in the active map, keeping `reserved` in step. */
const withChanges = (l: Ledger, stock: Stock, changed: readonly Reservation[]): Ledger => {
  if (changed.length === 0) return stock === l.stock ? l : { ...l, stock };
  const active = new Map(l.active);
  let reserved = l.reserved;
  for (const r of changed) {
    const before = active.get(r.orderId);
    if (before) {
      active.delete(r.orderId);
      reserved -= before.qty;
    }
    if (r.status === "active") {
      active.set(r.orderId, r);
      reserved += r.qty;
    }
  }
  return { stock, active, reserved };
};

/** Wraps a change: one version bump per decision that changed anything; the answer sees the new ledger. */
export const decide = <T>(
  before: Ledger,
  next: Ledger,
  writes: Reservation[],
  answer: (l: Ledger) => RpcResult<T>,
  op?: StockOp,
  transfer?: Transfer,
): Decision<T> => {
  if (next === before && writes.length === 0 && !op && !transfer) return { result: answer(before), ledger: before, writes };
  const ledger = { ...next, stock: { ...next.stock, version: before.stock.version + 1 } };
  return { result: answer(ledger), ledger, writes, op, transfer };
};

export const sweep = (l: Ledger, now: number): { ledger: Ledger; expired: Reservation[] } => {
  const expired: Reservation[] = [];
  for (const r of l.active.values()) if (r.expiresAt <= now) expired.push({ ...r, status: "expired" });
  return { ledger: withChanges(l, l.stock, expired), expired };
};

/** `stored` is the persisted record for the order (any status), looked up by the caller. */
const find = (swept: Ledger, expired: Reservation[], stored: Reservation | undefined, orderId: string) =>
  expired.find((r) => r.orderId === orderId) ?? swept.active.get(orderId) ?? stored;

export const expireDue = (l: Ledger, now: number): Decision<number> => {
  const { ledger, expired } = sweep(l, now);
  return decide(l, ledger, expired, () => ok(expired.length));
};

export const reserve = (
  l: Ledger,
  stored: Reservation | undefined,
  orderId: string,
  qty: number,
  ttlMs: number,
  now: number,
): Decision<ReservationView> => {
  const bad = checkId(orderId, "orderId") ?? checkQty(qty, 1, MAX_RESERVE_QTY, "qty") ?? checkQty(ttlMs, 1, MAX_TTL_MS, "ttlMs");
  if (bad) return { result: bad, ledger: l, writes: [] };
  const { ledger: swept, expired } = sweep(l, now);
  const existing = find(swept, expired, stored, orderId);
  if (existing) {
    // Same order, same quantity: the earlier answer, whatever became of it. Never a second hold.
    const answer =
      existing.qty === qty
        ? ok(existing)
        : fail("not_allowed", "idempotency_mismatch", `order ${orderId} already holds ${existing.qty} of ${l.stock.sku}, not ${qty}`);
    return decide(l, swept, expired, () => answer);
  }
  const free = available(swept);
  if (qty > free) {
    return decide(l, swept, expired, () =>
      fail("not_allowed", "insufficient_stock", `only ${free} of ${l.stock.sku} available, ${qty} requested`, { available: free }),
    );
  }
  const held: Reservation = { orderId, qty, status: "active", expiresAt: now + ttlMs };
  return decide(l, withChanges(swept, swept.stock, [held]), [...expired, held], () => ok(held));
};

export const commit = (l: Ledger, stored: Reservation | undefined, orderId: string, now: number): Decision<ReservationView> => {
  const bad = checkId(orderId, "orderId");
  if (bad) return { result: bad, ledger: l, writes: [] };
  const { ledger: swept, expired } = sweep(l, now);
  const r = find(swept, expired, stored, orderId);
  const refuse = (answer: RpcResult<ReservationView>) => decide(l, swept, expired, () => answer);
  if (!r) return refuse(fail("not_found", "reservation_not_found", `no reservation for order ${orderId} on ${l.stock.sku}`));
  if (r.status === "committed") return refuse(ok(r));
  if (r.status === "expired") return refuse(fail("not_allowed", "reservation_expired", `the reservation for order ${orderId} expired`));
  if (r.status === "released") return refuse(fail("not_allowed", "reservation_final", `the reservation for order ${orderId} was released`));
  const done: Reservation = { ...r, status: "committed" };
  const stock = { ...swept.stock, onHand: swept.stock.onHand - r.qty, sold: swept.stock.sold + r.qty };
  return decide(l, withChanges(swept, stock, [done]), [...expired, done], () => ok(done));
};

/** Unknown orders answer not_found/reservation_not_found (callers undoing a hold treat that as "nothing to undo"). */
export const release = (l: Ledger, stored: Reservation | undefined, orderId: string, now: number): Decision<ReservationView> => {
  const bad = checkId(orderId, "orderId");
  if (bad) return { result: bad, ledger: l, writes: [] };
  const { ledger: swept, expired } = sweep(l, now);
  const r = find(swept, expired, stored, orderId);
  const keep = (answer: RpcResult<ReservationView>) => decide(l, swept, expired, () => answer);
  if (!r) return keep(fail("not_found", "reservation_not_found", `no reservation for order ${orderId} on ${l.stock.sku}`));
  if (r.status === "committed") return keep(fail("not_allowed", "reservation_final", `the reservation for order ${orderId} is committed`));
  if (r.status !== "active") return keep(ok(r));
  const done: Reservation = { ...r, status: "released" };
  return decide(l, withChanges(swept, swept.stock, [done]), [...expired, done], () => ok(done));
};

const stockOp = (
  l: Ledger,
  prior: StockOp | undefined,
  op: StockOp,
  now: number,
  apply: (swept: Ledger) => RpcResult<Stock>,
): Decision<InventorySnapshot> => {
  const bad = checkId(op.opId, "opId");
  if (bad) return { result: bad, ledger: l, writes: [] };
  const { ledger: swept, expired } = sweep(l, now);
  if (prior) {
    const same = prior.kind === op.kind && prior.qty === op.qty;
    const answer = same ? null : fail("not_allowed", "idempotency_mismatch", `operation ${op.opId} was a ${prior.kind} of ${prior.qty}`);
    return decide(l, swept, expired, (after) => answer ?? ok(snapshot(after)));
  }
  const next = apply(swept);
  if (!next.ok) return decide(l, swept, expired, () => next);
  return decide(l, withChanges(swept, next.value, []), expired, (after) => ok(snapshot(after)), op);
};

export const restock = (l: Ledger, prior: StockOp | undefined, qty: number, opId: string, now: number): Decision<InventorySnapshot> => {
  const bad = checkQty(qty, 1, MAX_STOCK, "qty");
  if (bad) return { result: bad, ledger: l, writes: [] };
  return stockOp(l, prior, { opId, kind: "restock", qty }, now, (s) =>
    s.stock.onHand + qty > MAX_STOCK
      ? fail("invalid_data", "invalid_quantity", `stock cannot exceed ${MAX_STOCK}`)
      : ok({ ...s.stock, onHand: s.stock.onHand + qty, restocked: s.stock.restocked + qty }),
  );
};

/** An absolute count: the stock on the shelf is now `onHand` (never below what is held for orders). */
export const adjust = (l: Ledger, prior: StockOp | undefined, onHand: number, opId: string, now: number): Decision<InventorySnapshot> => {
  const bad = checkQty(onHand, 0, MAX_STOCK, "onHand");
  if (bad) return { result: bad, ledger: l, writes: [] };
  return stockOp(l, prior, { opId, kind: "adjust", qty: onHand }, now, (s) =>
    onHand < s.reserved
      ? fail("not_allowed", "below_reserved", `${s.reserved} of ${l.stock.sku} are reserved; the count cannot be ${onHand}`, {
          available: available(s),
        })
      : ok({ ...s.stock, onHand, adjusted: s.stock.adjusted + onHand - s.stock.onHand }),
  );
};

/** The default hold, RESERVATION_TTL_SECONDS (5 minutes unless configured), in milliseconds. */
export const DEFAULT_RESERVATION_TTL_SECONDS = 300;
export const reservationTtlMs = (configured: unknown): number => {
  const seconds = Number(configured);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_RESERVATION_TTL_SECONDS) * 1000;
};
