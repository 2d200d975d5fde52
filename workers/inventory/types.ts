// The InventoryDO's RPC contract. Expected failures come back as values, never as thrown
// errors: custom error fields do not survive Durable Object RPC.
import type { ErrorCode, ErrorType } from "../shared/errors";

export interface RpcError {
  type: ErrorType;
  code: ErrorCode;
  message: string;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

/** One SKU's stock. Conservation: initial + restocked + adjusted = onHand + sold, onHand = available + reserved. */
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
