// Stock for a whole order: all SKUs reserved or none (a failure releases what was taken), then
// committed or released together. Idempotent by orderId, because each InventoryDO is. Split
// (hot) SKUs are routed by sharding.ts, transparently.
import { PRODUCT_ID_PATTERN } from "../shared/ids";
import { fail, MAX_RESERVE_QTY } from "./inventory";
import { objectStub, splitAwareOps } from "./sharding";
import type { RpcError, RpcResult, ReservationView } from "./types";

export interface OrderLine {
  productId: string;
  qty: number;
}

export interface SkuReservation extends ReservationView {
  productId: string;
}

export interface SkuFailure {
  productId: string;
  code: RpcError["code"];
  message: string;
  available?: number;
}

/** On failure of commitAll / releaseAll, `reservations` lists the SKUs that did go through (a commit cannot be undone). */
export type AllResult =
  | { ok: true; reservations: SkuReservation[] }
  | { ok: false; failures: SkuFailure[]; reservations?: SkuReservation[] };

/** A SKU's main InventoryDO (for a split SKU, the one that knows its layout and its whole stock). */
export const inventoryStub = (env: Cloudflare.Env, sku: string) => objectStub(env, sku);

/** The per-SKU calls (sharding.ts's router by default; tests may pass others). */
export interface SkuOps {
  reserve(sku: string, orderId: string, qty: number, ttlMs?: number): Promise<RpcResult<ReservationView>>;
  commit(sku: string, orderId: string): Promise<RpcResult<ReservationView>>;
  release(sku: string, orderId: string): Promise<RpcResult<ReservationView>>;
}

/** One quantity per SKU, in first-seen order: two lines of the same SKU are one hold. */
export const sumLines = (lines: readonly OrderLine[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.productId, (out.get(l.productId) ?? 0) + l.qty);
  return out;
};

const failure = (productId: string, e: RpcError): SkuFailure => ({
  productId,
  code: e.code,
  message: e.message,
  ...(e.available === undefined ? {} : { available: e.available }),
});

/** A thrown call (network, overload) is an unknown outcome: it may have taken stock. */
const settle = async <T>(call: () => Promise<RpcResult<T>>): Promise<RpcResult<T> & { unknown?: true }> => {
  try {
    return await call();
  } catch (e) {
    console.error("inventory: call failed", e);
    return { ...fail("internal", "internal_error", "stock service unavailable"), unknown: true };
  }
};

/** A hold this order can use: active, or already sold to it (a retry after commit). */
const usable = (productId: string, r: ReservationView): SkuFailure | null => {
  if (r.status === "active" || r.status === "committed") return null;
  const code = r.status === "expired" ? "reservation_expired" : "reservation_final";
  return { productId, code, message: `the hold for this order was ${r.status}; start a new checkout attempt` };
};

export const reserveAll = async (
  env: Cloudflare.Env,
  orderId: string,
  lines: readonly OrderLine[],
  ttlMs?: number,
  ops: SkuOps = splitAwareOps(env),
): Promise<AllResult> => {
  if (lines.length === 0)
    return { ok: false, failures: [{ productId: "", code: "invalid_quantity", message: "an order needs at least one line" }] };
  const invalid = lines.flatMap((l): SkuFailure[] => {
    // Product ids never contain '#', so an order line can never address a shard directly.
    if (typeof l.productId !== "string" || !PRODUCT_ID_PATTERN.test(l.productId))
      return [{ productId: String(l.productId), code: "invalid_id", message: "not a product id" }];
    const qtyOk = Number.isSafeInteger(l.qty) && l.qty >= 1 && l.qty <= MAX_RESERVE_QTY;
    return qtyOk
      ? []
      : [{ productId: l.productId, code: "invalid_quantity", message: `qty must be an integer from 1 to ${MAX_RESERVE_QTY}` }];
  });
  if (invalid.length > 0) return { ok: false, failures: invalid };
  const wanted = [...sumLines(lines)];
  const outcomes = await Promise.all(wanted.map(([sku, qty]) => settle(() => ops.reserve(sku, orderId, qty, ttlMs))));
  const reservations: SkuReservation[] = [];
  const failures: SkuFailure[] = [];
  const toUndo: string[] = [];
  outcomes.forEach((r, i) => {
    const sku = (wanted[i] as [string, number])[0];
    if (!r.ok) {
      failures.push(failure(sku, r.error));
      if (r.unknown) toUndo.push(sku);
      return;
    }
    const unusable = usable(sku, r.value);
    if (unusable) failures.push(unusable);
    else reservations.push({ productId: sku, ...r.value });
    if (r.value.status === "active") toUndo.push(sku);
  });
  if (failures.length === 0) return { ok: true, reservations };
  // The compensation: give back what this order holds. Whatever it cannot release expires on its own.
  const undone = await releaseAll(env, orderId, toUndo, ops);
  if (!undone.ok) console.error("inventory: compensation left holds to expire", orderId, undone.failures);
  return { ok: false, failures };
};

/** Commits every SKU. A commit cannot be undone, so a partial failure is reported, not compensated. */
export const commitAll = (env: Cloudflare.Env, orderId: string, productIds: readonly string[], ops: SkuOps = splitAwareOps(env)) =>
  forEach(
    productIds,
    (sku) => ops.commit(sku, orderId),
    () => false,
  );

/** Releases every SKU; "nothing held" counts as done, so it is safe to repeat. */
export const releaseAll = (env: Cloudflare.Env, orderId: string, productIds: readonly string[], ops: SkuOps = splitAwareOps(env)) =>
  forEach(
    productIds,
    (sku) => ops.release(sku, orderId),
    (e) => e.code === "reservation_not_found",
  );

const forEach = async (
  productIds: readonly string[],
  call: (sku: string) => Promise<RpcResult<ReservationView>>,
  nothingToDo: (e: RpcError) => boolean,
): Promise<AllResult> => {
  const skus = [...new Set(productIds)];
  const outcomes = await Promise.all(skus.map((sku) => settle(() => call(sku))));
  const reservations: SkuReservation[] = [];
  const failures: SkuFailure[] = [];
  outcomes.forEach((r, i) => {
    const sku = skus[i] as string;
    if (r.ok) reservations.push({ productId: sku, ...r.value });
    else if (!nothingToDo(r.error)) failures.push(failure(sku, r.error));
  });
  return failures.length === 0 ? { ok: true, reservations } : { ok: false, failures, reservations };
};
