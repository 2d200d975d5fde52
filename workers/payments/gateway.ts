// The payment gateway contract the checkout saga and the payment-methods API depend on. The
// sandbox (sandbox-gateway.ts) is the default implementation; a real processor would be another.
// Every money-moving call carries an idempotency key: the same key answers the first result and
// never moves money twice. Expected outcomes are values; only bugs throw.

export interface CardInput {
  /** Digits only (spaces and dashes already removed by the caller's schema). */
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface CardToken {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export type ChargeStatus = "authorized" | "captured" | "voided" | "refunded" | "declined";

export interface Charge {
  id: string;
  orderId: string | null;
  status: ChargeStatus;
  amountMinor: number;
  currency: string;
  capturedMinor: number;
  refundedMinor: number;
  /** Set when status is `declined`. */
  declineCode: string | null;
}

/**
 * Why a call did not succeed. `declined`-type codes are final (retrying cannot help);
 * `retryable` ones (gateway errors, timeouts: the outcome is unknown) must be retried with the
 * SAME idempotency key, which is safe because the gateway answers the first result.
 */
export interface GatewayError {
  code:
    | "card_declined"
    | "insufficient_funds"
    | "expired_card"
    | "invalid_card"
    /** An amount the processor will not charge (not a positive whole number of minor units): final. */
    | "invalid_amount"
    | "idempotency_mismatch"
    | "charge_not_found"
    | "invalid_state"
    | "gateway_error"
    | "timeout";
  message: string;
  retryable: boolean;
  /** A decline's precise reason from the issuer (`incorrect_cvc`, `stolen_card`...): for logs and admins, never for the shopper. */
  declineCode?: string;
}

export type GatewayResult<T> = { ok: true; value: T } | { ok: false; error: GatewayError };

export interface PaymentGateway {
  /**
   * Exchanges card details for a token; the number never leaves this call. The issuer may refuse
   * the card here (`card_declined` with its `declineCode`), as a processor's card verification does.
   */
  tokenize(card: CardInput, now: number): Promise<GatewayResult<CardToken>>;
  /**
   * Holds `amountMinor` on the card. A decline is answered as an error (`card_declined`,
   * `insufficient_funds`, `expired_card`), recorded, and answered the same way on retry. An amount
   * that is not a positive whole number of minor units is refused (`invalid_amount`, not retryable).
   */
  authorize(
    req: { idempotencyKey: string; token: string; amountMinor: number; currency: string; orderId: string },
    now: number,
  ): Promise<GatewayResult<Charge>>;
  /** Captures an authorised charge in full. Capturing a captured charge answers it unchanged. */
  capture(req: { idempotencyKey: string; chargeId: string }, now: number): Promise<GatewayResult<Charge>>;
  /** Releases an authorisation that will not be captured. */
  void(req: { idempotencyKey: string; chargeId: string }, now: number): Promise<GatewayResult<Charge>>;
  /** Refunds up to the captured amount (whole remainder when `amountMinor` is omitted). */
  refund(req: { idempotencyKey: string; chargeId: string; amountMinor?: number }, now: number): Promise<GatewayResult<Charge>>;
  /** The charge, or null; for reconciliation and tests. */
  retrieve(chargeId: string): Promise<Charge | null>;
  /**
   * The charge an `authorize` with this idempotency key created, or null: how reconciliation
   * finds an authorisation whose answer was lost (a timeout after the processor did the work).
   * With a real processor: a search by the order id kept in the charge's metadata.
   */
  findByIdempotencyKey(idempotencyKey: string): Promise<Charge | null>;
}

/** Idempotency keys derived from the order, so every retry of a step reuses the same key. */
export const paymentKeys = (orderId: string) => ({
  authorize: `order:${orderId}:authorize`,
  capture: `order:${orderId}:capture`,
  void: `order:${orderId}:void`,
  refund: `order:${orderId}:refund`,
});
