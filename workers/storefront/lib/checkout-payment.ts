// Checkout step 2, payment: a saved card, or a new one typed into the card form (checked with the
// gateway's own rules: Luhn, expiry, CVC), saved with POST /payment-methods when used. The
// sandbox's test card numbers are listed under the form.
import type { InferResponseType } from "hono/client";
import { MAX_DIGITS, MIN_DIGITS, TEST_CARDS, isExpired, luhnValid, normaliseNumber } from "../../payments/cards";
import { api, ApiError, call, detailsOf } from "./api";
import { choiceList, savedOrNew, type Choice } from "./checkout-choice";
import { applyDetails, field, formMessage, setFieldError, validate, fieldValue, type Field } from "./checkout-fields";
import { h, replace } from "./dom";
import { errorMessage } from "./layout";

export type Card = InferResponseType<(typeof api.api.v1)["payment-methods"]["$get"], 200>["items"][number];

const BRAND: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  other: "Card",
};
const pad = (n: number) => String(n).padStart(2, "0");
const grouped = (n: string) => n.replace(/(\d{4})(?=\d)/g, "$1 ");

const choiceOf = (c: Card): Choice => ({
  id: c.id,
  label: `${BRAND[c.brand] ?? "Card"} ending ${c.last4}, expires ${pad(c.exp_month)}/${c.exp_year}`,
  disabled: isExpired(c.exp_month, c.exp_year, Date.now()) ? "expired" : undefined,
});

const testCardHint = () =>
  h(
    "div",
    { class: "test-cards", id: "test-cards" },
    h(
      "p",
      {},
      h("strong", {}, "Test mode: "),
      "no real payment is taken. Use any future expiry date, any 3-digit security code, and one of these numbers:",
    ),
    h(
      "ul",
      {},
      TEST_CARDS.map((c) => h("li", {}, h("code", {}, grouped(c.number)), ` ${c.description}`)),
    ),
  );

export const paymentStep = (saved: Card[], savedError: Node | null) => {
  const month = field("Expiry month (MM)", "exp_month", {
    attrs: { inputmode: "numeric", autocomplete: "cc-exp-month", maxlength: 2, placeholder: "MM" },
    check: (v) => (/^\d{1,2}$/.test(v) && +v >= 1 && +v <= 12 ? null : "Enter the month as 1 to 12."),
  });
  const year = field("Expiry year (YYYY)", "exp_year", {
    attrs: { inputmode: "numeric", autocomplete: "cc-exp-year", maxlength: 4, placeholder: "YYYY" },
    check: (v) => {
      if (!/^\d{4}$/.test(v)) return "Enter the year as four digits, like 2030.";
      return /^\d{1,2}$/.test(fieldValue(month)) && isExpired(+fieldValue(month), +v, Date.now()) ? "This card has expired." : null;
    },
  });
  const fields: Field[] = [
    field("Card number", "number", {
      attrs: { inputmode: "numeric", autocomplete: "cc-number", maxlength: 23, spellcheck: false },
      check: (v) => {
        const digits = normaliseNumber(v);
        if (!digits) return "Enter the card number.";
        if (!/^\d+$/.test(digits) || digits.length < MIN_DIGITS || digits.length > MAX_DIGITS)
          return `A card number is ${MIN_DIGITS} to ${MAX_DIGITS} digits.`;
        return luhnValid(digits) ? null : "This card number is not valid: check for a typo.";
      },
    }),
    month,
    year,
    field("Security code (CVC)", "cvc", {
      attrs: { inputmode: "numeric", autocomplete: "cc-csc", maxlength: 4 },
      hint: "The 3 digits on the back (4 on the front for American Express).",
      check: (v) => (/^\d{3,4}$/.test(v) ? null : "Enter the 3 or 4 digit security code."),
    }),
  ];
  const [number] = fields as [Field];
  number.control.setAttribute("aria-describedby", `${number.error.id} test-cards`);
  const message = formMessage();
  const submit = h("button", { type: "submit", class: "secondary" }, "Use this card");
  const form = h(
    "form",
    { class: "card-form", "data-testid": "card-form", novalidate: true, "aria-label": "New card" },
    number.wrap,
    h("div", { class: "expiry" }, month.wrap, year.wrap),
    fields[3]!.wrap,
    testCardHint(),
    message,
    submit,
  );
  const choices = choiceList({ name: "card", legend: "Your cards", newLabel: "Use a new card", choices: saved.map(choiceOf), form });
  const resolve = savedOrNew({
    choices,
    form,
    submit,
    message,
    name: "card",
    valid: () => validate(fields),
    create: () => {
      const json = {
        number: fieldValue(number),
        exp_month: Number(fieldValue(month)),
        exp_year: Number(fieldValue(year)),
        cvc: fieldValue(fields[3]!),
      };
      return call(api.api.v1["payment-methods"].$post({ json }));
    },
    toChoice: choiceOf,
    onError: (e) => {
      const onField = e instanceof ApiError ? { invalid_card: number, card_expired: year }[e.code] : undefined;
      if (onField) {
        setFieldError(onField, (e as ApiError).message);
        onField.control.focus();
      } else if (!applyDetails(fields, detailsOf(e))) replace(message, errorMessage(e));
    },
  });
  const section = h(
    "section",
    { class: "checkout-step", "aria-labelledby": "step-payment" },
    h("h2", { id: "step-payment" }, "2. Payment"),
    savedError,
    choices.el,
  );
  return { section, resolve };
};
