// Card rules the gateway applies before it issues a token: number format, Luhn, brand, CVC and
// expiry, plus the sandbox's test cards. Pure: no bindings, time comes in as `now`.

export const BRANDS = ["visa", "mastercard", "amex", "discover", "other"] as const;
export type Brand = (typeof BRANDS)[number];

/** What the sandbox processor does with a card; stored with its token (never the number). */
export const BEHAVIOURS = [
  "succeed",
  "card_declined",
  "insufficient_funds",
  "expired_card",
  "processing_error",
  "timeout",
  "incorrect_cvc",
  "stolen_card",
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/**
 * Behaviours the issuer's check at tokenisation already refuses (the card is never saved): the
 * code is the precise reason, which only admins see.
 */
export const SAVE_DECLINES: ReadonlySet<Behaviour> = new Set(["incorrect_cvc", "stolen_card"]);

export interface TestCard {
  number: string;
  brand: Brand;
  behaviour: Behaviour;
  description: string;
}

/**
 * The sandbox's test cards, as a card processor's test mode has them (Stripe's numbers).
 * Tokenising succeeds except for SAVE_DECLINES; the other behaviours show when the card is
 * authorised. Any other Luhn-valid number behaves as `succeed`.
 */
export const TEST_CARDS: readonly TestCard[] = [
  { number: "4242424242424242", brand: "visa", behaviour: "succeed", description: "Authorises." },
  { number: "5555555555554444", brand: "mastercard", behaviour: "succeed", description: "Authorises." },
  { number: "4000000000000002", brand: "visa", behaviour: "card_declined", description: "Declined: card_declined." },
  { number: "4000000000009995", brand: "visa", behaviour: "insufficient_funds", description: "Declined: insufficient_funds." },
  { number: "4000000000000069", brand: "visa", behaviour: "expired_card", description: "Declined at authorisation: expired_card." },
  { number: "4000000000000127", brand: "visa", behaviour: "incorrect_cvc", description: "Declined when saved: incorrect_cvc." },
  { number: "4100000000000019", brand: "visa", behaviour: "stolen_card", description: "Declined when saved: stolen_card." },
  {
    number: "4000000000000119",
    brand: "visa",
    behaviour: "processing_error",
    description: "Every authorisation fails with a retryable gateway_error; nothing is recorded.",
  },
  {
    number: "4000000000000259",
    brand: "visa",
    behaviour: "timeout",
    description: "The processor never answers: every authorisation is a retryable timeout; nothing is recorded.",
  },
];

const BY_NUMBER = new Map(TEST_CARDS.map((c) => [c.number, c.behaviour]));

/** The behaviour a (normalised) number selects. */
export const behaviourOf = (number: string): Behaviour => BY_NUMBER.get(number) ?? "succeed";

/** Removes the spaces and dashes people type between digit groups. */
export const normaliseNumber = (raw: string): string => raw.replace(/[\s-]/g, "");

export const MIN_DIGITS = 12;
export const MAX_DIGITS = 19;

/** The Luhn (mod 10) checksum every card number carries; catches typos before any network call. */
export const luhnValid = (digits: string): boolean => {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
};

/** The card network, by the issuer prefixes (IIN ranges) each network publishes. */
export const brandOf = (digits: string): Brand => {
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits.startsWith("4")) return "visa";
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return "mastercard";
  if (p2 === 34 || p2 === 37) return "amex";
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return "discover";
  return "other";
};

/** Amex prints a 4-digit code on the front; every other network a 3-digit one on the back. */
export const cvcValid = (cvc: string, brand: Brand): boolean => (brand === "amex" ? /^\d{4}$/ : /^\d{3}$/).test(cvc);

/** A card is good through the last moment of its expiry month (UTC). */
export const isExpired = (expMonth: number, expYear: number, now: number): boolean => now >= Date.UTC(expYear, expMonth, 1); // Date.UTC months are 0-based: this is the 1st of the next month

export type CardCheck =
  | { ok: true; brand: Brand; last4: string; behaviour: Behaviour }
  | { ok: false; code: "invalid_card" | "expired_card"; message: string };

/** Everything tokenisation checks, in the order a person fixes them. */
export const checkCard = (card: { number: string; expMonth: number; expYear: number; cvc: string }, now: number): CardCheck => {
  const number = normaliseNumber(card.number);
  const invalid = (message: string): CardCheck => ({ ok: false, code: "invalid_card", message });
  if (!/^\d+$/.test(number) || number.length < MIN_DIGITS || number.length > MAX_DIGITS) {
    return invalid(`A card number has ${MIN_DIGITS}-${MAX_DIGITS} digits.`);
  }
  if (!luhnValid(number)) return invalid("The card number is not valid: check for a typo.");
  const brand = brandOf(number);
  if (!cvcValid(card.cvc, brand)) return invalid(`The security code has ${brand === "amex" ? 4 : 3} digits for this card.`);
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12 || !Number.isInteger(card.expYear)) {
    return invalid("The expiry month is 1-12 and the year has four digits.");
  }
  if (isExpired(card.expMonth, card.expYear, now)) return { ok: false, code: "expired_card", message: "The card has expired." };
  // Deliberately not the number: what leaves this function may be stored.
  return { ok: true, brand, last4: number.slice(-4), behaviour: behaviourOf(number) };
};
