// Address rules: which characters, countries and postal codes we accept, how they are normalised,
// and how many addresses a customer may keep. Pure: no bindings, no clock.
import { DomainError } from "../shared/errors";

/** Live (not deleted) addresses one customer may keep: a book, not a log. */
export const MAX_ADDRESSES = 50;

/** An address as stored and as the checkout snapshots it onto an order. */
export interface Address {
  id: string;
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  createdAt: number;
}

// C0/C1 controls, DEL, line/paragraph separators and bidi overrides: none belongs on a label,
// and the bidi ones can make an address display differently from what is stored.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const hasControlChars = (s: string): boolean => CONTROL_CHARS.test(s);

// Officially assigned ISO 3166-1 alpha-2 codes.
const COUNTRIES = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
    "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
    "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
    "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

export const isCountryCode = (code: string): boolean => COUNTRIES.has(code);

/** Upper case, runs of spaces collapsed: `sw1a  1aa` and `SW1A 1AA` are one code. */
const squash = (code: string): string => code.trim().replace(/\s+/g, " ").toUpperCase();

// Formats where they are easy to state; anywhere else the loose GENERIC rule applies.
const POSTAL_FORMATS: Record<string, { pattern: RegExp; example: string }> = {
  GB: { pattern: /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, example: "SW1A 1AA" },
  US: { pattern: /^[0-9]{5}(-[0-9]{4})?$/, example: "94103 or 94103-1234" },
  CA: { pattern: /^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$/, example: "K1A 0B1" },
  DE: { pattern: /^[0-9]{5}$/, example: "10115" },
  FR: { pattern: /^[0-9]{5}$/, example: "75001" },
  NL: { pattern: /^[0-9]{4} ?[A-Z]{2}$/, example: "1012 AB" },
  AU: { pattern: /^[0-9]{4}$/, example: "2000" },
};
const GENERIC = /^[A-Z0-9](?:[A-Z0-9 -]{0,10}[A-Z0-9])?$/;

/** Why a postal code is not valid for the country, or null when it is. */
export const postalCodeProblem = (country: string, postalCode: string): string | null => {
  const code = squash(postalCode);
  const format = POSTAL_FORMATS[country];
  if (format) return format.pattern.test(code) ? null : `Not a ${country} postal code (e.g. ${format.example}).`;
  return code.length >= 2 && GENERIC.test(code) ? null : "A postal code is 2-12 letters, digits, spaces or dashes.";
};

/** The stored form: squashed, and where the format has a fixed inward part, spaced before it. */
export const normalisePostalCode = (country: string, postalCode: string): string => {
  const code = squash(postalCode);
  if (country === "GB" || country === "CA") return `${code.replace(/ /g, "").slice(0, -3)} ${code.replace(/ /g, "").slice(-3)}`;
  if (country === "NL") return `${code.replace(/ /g, "").slice(0, 4)} ${code.replace(/ /g, "").slice(4)}`;
  return code;
};

/** Refuses an address beyond the cap (the insert itself re-checks the count atomically). */
export const addressLimitError = (): DomainError<"not_allowed"> =>
  new DomainError("not_allowed", "address_limit", `You can keep at most ${MAX_ADDRESSES} addresses: delete one first.`);
