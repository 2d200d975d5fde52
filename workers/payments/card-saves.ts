// Card-saving rules against card testing: every tokenisation attempt counts (saved, declined or
// invalid), not live cards, which save/delete cycles would evade; and what a shopper is told of a
// decline. Pure: no bindings; time comes in as `now`.
import type { GatewayError } from "./gateway";

/**
 * At most 10 card saves per customer in any 24 hours. A shopper adds a card or two; a card
 * tester tries hundreds. Attempts the gateway never answered (an outage) do not count.
 */
export const CARD_SAVES = { perWindow: 10, windowMs: 24 * 3_600_000 } as const;

export type TokenisationOutcome = "pending" | "saved" | "declined" | "invalid" | "unavailable" | "refused";

/** How a failed tokenisation is recorded; `unavailable` leaves the attempt out of the count. */
export const outcomeOf = (e: GatewayError): TokenisationOutcome =>
  e.code === "card_declined" || e.code === "insufficient_funds"
    ? "declined"
    : e.code === "gateway_error" || e.code === "timeout"
      ? "unavailable"
      : "invalid";

/** Seconds until the oldest of the counted attempts leaves the window (`nthNewestAt`: the perWindow-th newest). */
export const saveRetryAfterSeconds = (nthNewestAt: number | null, now: number): number =>
  nthNewestAt === null ? 60 : Math.max(1, Math.ceil((nthNewestAt + CARD_SAVES.windowMs - now) / 1000));
