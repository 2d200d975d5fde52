// Checkout step 1, the delivery address: a saved one, or a new one typed into the address form
// (checked here with the API's own postal-code rule, saved with POST /addresses when used).
import type { InferResponseType } from "hono/client";
import { postalCodeProblem } from "../../addresses/addresses";
import { api, call, detailsOf } from "./api";
import { choiceList, savedOrNew, type Choice } from "./checkout-choice";
import { applyDetails, field, formMessage, required, validate, fieldValue, type Field } from "./checkout-fields";
import { h, replace } from "./dom";
import { errorMessage } from "./layout";

export type Address = InferResponseType<typeof api.api.v1.addresses.$get, 200>["results"][number];

export const COUNTRIES: [string, string][] = [
  ["GB", "United Kingdom"],
  ["IE", "Ireland"],
  ["US", "United States"],
  ["CA", "Canada"],
  ["DE", "Germany"],
  ["FR", "France"],
  ["NL", "Netherlands"],
  ["BE", "Belgium"],
  ["ES", "Spain"],
  ["IT", "Italy"],
  ["AU", "Australia"],
  ["NZ", "New Zealand"],
];

export const addressText = (a: Address): string =>
  [a.line1, a.line2, a.city, a.postal_code, COUNTRIES.find(([c]) => c === a.country)?.[1] ?? a.country].filter(Boolean).join(", ");

const choiceOf = (a: Address): Choice => ({ id: a.id, label: h("span", {}, h("strong", {}, a.name), h("br"), addressText(a)) });

const text = (label: string, name: string, autocomplete: string, max: number, what: string | null) =>
  field(label, name, {
    attrs: { autocomplete, maxlength: max, required: what !== null },
    check: (v) => (what !== null && !v ? `Enter ${what}.` : v.length > max ? `Use at most ${max} characters.` : null),
  });

export const addressStep = (saved: Address[], savedError: Node | null) => {
  const country = field("Country", "country", { attrs: { autocomplete: "country" }, options: COUNTRIES, check: required("a country") });
  const postal = field("Postcode", "postal_code", {
    attrs: { autocomplete: "postal-code", maxlength: 12, autocapitalize: "characters" },
    check: (v) => (v ? postalCodeProblem(fieldValue(country), v) : "Enter a postcode."),
  });
  const fields: Field[] = [
    text("Full name", "name", "name", 100, "the recipient's name"),
    text("Address line 1", "line1", "address-line1", 200, "the first line of the address"),
    text("Address line 2 (optional)", "line2", "address-line2", 200, null),
    text("Town or city", "city", "address-level2", 100, "a town or city"),
    postal,
    country,
  ];
  const message = formMessage();
  const submit = h("button", { type: "submit", class: "secondary" }, "Use this address");
  const form = h(
    "form",
    { class: "address-form", "data-testid": "address-form", novalidate: true, "aria-label": "New delivery address" },
    fields.map((f) => f.wrap),
    message,
    submit,
  );
  const choices = choiceList({
    name: "address",
    legend: "Your addresses",
    newLabel: "Use a new address",
    choices: saved.map(choiceOf),
    form,
  });
  const resolve = savedOrNew({
    choices,
    form,
    submit,
    message,
    name: "address",
    valid: () => validate(fields),
    create: () => {
      const json = Object.fromEntries(fields.map((f) => [f.name, fieldValue(f)])) as {
        name: string;
        line1: string;
        line2?: string;
        city: string;
        postal_code: string;
        country: string;
      };
      return call(api.api.v1.addresses.$post({ json }));
    },
    toChoice: choiceOf,
    onError: (e) => {
      if (!applyDetails(fields, detailsOf(e))) replace(message, errorMessage(e));
    },
  });
  const section = h(
    "section",
    { class: "checkout-step", "aria-labelledby": "step-address" },
    h("h2", { id: "step-address" }, "1. Delivery address"),
    savedError,
    choices.el,
  );
  return { section, resolve };
};
