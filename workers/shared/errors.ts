// The platform's one error taxonomy: a closed set of types (each with one HTTP status) and of
// codes. Pure: no bindings. `app.onError` (workers/shared/http-errors.ts) is the only place
// that turns these into responses.

export const ERROR_STATUS = {
  invalid_data: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  payment_failed: 402,
  not_allowed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

/** Every code the API can answer with, grouped by the type it belongs to. */
export const ERROR_CODES = {
  invalid_data: [
    "validation_failed",
    "malformed_json",
    "invalid_id",
    "invalid_page_token",
    "unknown_category",
    "version_required",
    "invalid_quantity",
    "idempotency_key_required",
    "invalid_card",
    "card_expired",
  ],
  unauthorized: ["missing_token", "invalid_token", "token_expired", "invalid_credentials", "invalid_signature", "invalid_ticket"],
  forbidden: ["insufficient_role", "not_owner"],
  not_found: [
    "route_not_found",
    "product_not_found",
    "category_not_found",
    "user_not_found",
    "cart_line_not_found",
    "reservation_not_found",
    "order_not_found",
    "cart_not_found",
    "address_not_found",
    "payment_method_not_found",
    "dead_letter_not_found",
    "review_not_found",
  ],
  // idempotency_in_flight: a request with this Idempotency-Key is still being processed.
  // reply_exists: the seller already answered this review (one reply per review).
  // job_running: a recommendations build is already running under another runner's lease.
  // price_changed: the order's total today differs from the expected_total the client showed.
  conflict: ["email_taken", "stale_version", "idempotency_in_flight", "reply_exists", "job_running", "price_changed"],
  payload_too_large: ["body_too_large"],
  unsupported_media_type: ["json_required"],
  not_allowed: [
    "product_deleted",
    "insufficient_stock",
    "line_limit",
    "currency_mismatch",
    "reservation_expired",
    "reservation_final",
    "below_reserved",
    // An idempotency key (order id, operation id) reused for a different request: 422, as
    // payment APIs answer it; a request still in flight under the key would be a 409.
    "idempotency_mismatch",
    "stock_split",
    "cart_empty",
    "cart_unavailable_items",
    // A product without a price (0: listed from a catalog file, not for sale) in a cart or an order.
    "product_unpriced",
    "payment_method_expired",
    "illegal_transition",
    "payment_method_limit",
    "address_limit",
    // A (carrier, tracking number) pair already shipped on another order.
    "tracking_number_in_use",
    // A customer voting their own review helpful.
    "own_review",
  ],
  // Synchronous card refusals (402, as card APIs answer them). Checkout itself never answers
  // 402: its payment runs in the saga and a decline shows as the order's FAILED status.
  payment_failed: ["card_declined"],
  rate_limited: ["too_many_requests"],
  internal: ["internal_error", "misconfigured"],
  unavailable: ["dependency_unavailable"],
} as const satisfies Record<ErrorType, readonly string[]>;

export type ErrorCode<T extends ErrorType = ErrorType> = (typeof ERROR_CODES)[T][number];

export interface FieldIssue {
  path: string;
  message: string;
}

export class DomainError<T extends ErrorType = ErrorType> extends Error {
  readonly type: T;
  readonly code: ErrorCode<T>;
  readonly details?: FieldIssue[];
  /** Seconds a client should wait before retrying (rate limits). */
  readonly retryAfter?: number;
  /** Figures a client needs to act on the error (e.g. the new totals of `price_changed`). */
  readonly data?: Record<string, unknown>;

  constructor(
    type: T,
    code: ErrorCode<T>,
    message: string,
    extra: { details?: FieldIssue[]; retryAfter?: number; data?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = "DomainError";
    this.type = type;
    this.code = code;
    this.details = extra.details;
    this.retryAfter = extra.retryAfter;
    this.data = extra.data;
  }

  get status(): (typeof ERROR_STATUS)[T] {
    return ERROR_STATUS[this.type];
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** The serialisable form, also used as the result type across Durable Object RPC. */
export interface ErrorBody {
  type: ErrorType;
  code: string;
  message: string;
  requestId: string;
  details?: FieldIssue[];
  data?: Record<string, unknown>;
}
