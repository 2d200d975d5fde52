// The InventoryDO's RPC contract. Expected failures come back as values, never as thrown
// errors: custom error fields do not survive Durable Object RPC.
import type { ErrorCode, ErrorType } from "../shared/errors";

export interface RpcError {
  type: ErrorType;
  code: ErrorCode;
  message: string;
  /** insufficient_stock / below_reserved: the units still available when the request was refused. */
  available?: number;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/**
 * One SKU's stock. Conservation: initial + restocked + adjusted + transferred = onHand + sold,
 * onHand = available + reserved (transferred is 0 unless the SKU is split across shards).
 */
export interface InventorySnapshot {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  sold: number;
  initial: number;
  restocked: number;
  /** Net units added (+) or written off (-) by absolute stock counts (`adjust`). */
  adjusted: number;
  /** Net units moved in (+) or out (-) by transfers between a SKU's shards; 0 for an unsharded SKU. */
  transferred: number;
  /** Bumped by every change; the D1 projection keeps the highest. */
  version: number;
  activeReservations: number;
  /** Epoch ms of the next reservation expiry, or null. */
  nextExpiry: number | null;
}

export type ReservationStatus = "active" | "committed" | "released" | "expired";

export interface ReservationView {
  orderId: string;
  qty: number;
  status: ReservationStatus;
  expiresAt: number;
}

/**
 * The InventoryDO's RPC surface for one SKU (`sku` is the object's name: idFromName(sku)). Split-SKU
 * methods (splitLayout, splitInto, unsplit, setShardLayout, give, receive) are used by sharding.ts only.
 */
export interface InventoryRpc {
  /** Idempotent by orderId: the same order and qty answer the existing hold, whatever its status. */
  reserve(sku: string, orderId: string, qty: number, ttlMs?: number): Promise<RpcResult<ReservationView>>;
  commit(sku: string, orderId: string): Promise<RpcResult<ReservationView>>;
  /** Unknown orders: not_found/reservation_not_found ("nothing to undo" for a compensation). */
  release(sku: string, orderId: string): Promise<RpcResult<ReservationView>>;
  restock(sku: string, qty: number, opId: string): Promise<RpcResult<InventorySnapshot>>;
  adjust(sku: string, onHand: number, opId: string): Promise<RpcResult<InventorySnapshot>>;
  /** For a split SKU the whole (main object + shards) unless `own`. */
  snapshot(sku: string, own?: boolean): Promise<InventorySnapshot>;
  reservation(sku: string, orderId: string): Promise<RpcResult<ReservationView>>;
}
