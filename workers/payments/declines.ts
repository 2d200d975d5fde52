// What a shopper is told of a card decline. The issuer's precise reason (insufficient funds,
// stolen card, incorrect CVC...) tells a card tester which numbers are live and which check
// failed; a shopper only needs to know the card was declined. The precise code stays where
// admins see it: the order's status_reason, the admin order view, the log and card_tokenisations.
// Pure: no bindings.

export const GENERIC_DECLINE = "Your card was declined. Try another card or contact your bank.";

/** The one code a shopper sees for any decline. */
export const SHOPPER_DECLINE_CODE = "card_declined";

/** Issuer declines: at authorisation (the gateway's codes) and when a card is saved (cards.ts SAVE_DECLINES). */
const DECLINE_CODES: ReadonlySet<string> = new Set(["card_declined", "insufficient_funds", "expired_card", "incorrect_cvc", "stolen_card"]);

export const isDecline = (reason: string | null | undefined): boolean => reason != null && DECLINE_CODES.has(reason);

/** An order's reason as a shopper may see it: every decline is `card_declined`; other reasons as they are. */
export const shopperReason = (reason: string | null): string | null => (isDecline(reason) ? SHOPPER_DECLINE_CODE : reason);
