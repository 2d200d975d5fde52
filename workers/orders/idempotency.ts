// Idempotency-Key rules for POST /orders, as payment APIs apply them: the same key and body
// answers the stored response; another body is a 422; a request still in flight is a 409; a
// crashed request's claim lapses after LOCK_MS. Keys are per customer and kept 24 h. Pure.
import { DomainError } from "../shared/errors";

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
export const LOCK_MS = 30_000;
// Case-insensitive by character classes, not the `i` flag: the OpenAPI document publishes the
// pattern's source, and JSON Schema patterns have no flags.
export const IDEMPOTENCY_KEY_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export interface StoredKey {
  requestHash: string;
  state: "in_flight" | "done";
  lockedUntil: number;
  responseStatus: number | null;
  responseBody: string | null;
  expiresAt: number;
}

export type KeyDecision =
  | { kind: "replay"; status: number; body: string }
  /** Claim it again: the earlier claim expired (24 h) or its request crashed (lock lapsed). */
  | { kind: "reclaim" };

export const decideOnExistingKey = (row: StoredKey, requestHash: string, now: number): KeyDecision => {
  if (row.expiresAt <= now) return { kind: "reclaim" };
  if (row.requestHash !== requestHash) {
    throw new DomainError(
      "not_allowed",
      "idempotency_mismatch",
      "This Idempotency-Key was used with a different request body: use a new key for a new order.",
    );
  }
  if (row.state === "done" && row.responseStatus !== null && row.responseBody !== null) {
    return { kind: "replay", status: row.responseStatus, body: row.responseBody };
  }
  if (row.lockedUntil > now) {
    throw new DomainError(
      "conflict",
      "idempotency_in_flight",
      "A request with this Idempotency-Key is still being processed: retry shortly.",
      {
        retryAfter: Math.max(1, Math.ceil((row.lockedUntil - now) / 1000)),
      },
    );
  }
  return { kind: "reclaim" };
};

/** The request's fingerprint: keys sorted, so field order does not make two bodies differ. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
};
