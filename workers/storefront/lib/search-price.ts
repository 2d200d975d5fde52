// The search filters' own price range: min and max typed in the shop's money (pounds), checked
// here (amounts, min ≤ max) with messages next to the fields, then sent as minor units.
import { h, replace } from "./dom";
import { toMinor } from "./format";
import { minorOf, shortMoney, typedAmount, type SearchState } from "./search-state";

const LIMIT = 100_000_000; // the API's largest price filter, in minor units

const field = (id: string, label: string, value: string) => {
  const input = h("input", {
    id,
    name: id,
    type: "text",
    inputmode: "decimal",
    autocomplete: "off",
    value,
    size: 6,
    "aria-describedby": `${id}-error`,
  });
  const error = h("p", { class: "field-error", id: `${id}-error` });
  return { input, error, el: h("div", { class: "price-field" }, h("label", { for: id }, label), input, error) };
};

const setError = (f: ReturnType<typeof field>, message: string | null) => {
  replace(f.error, message ?? "");
  if (message) f.input.setAttribute("aria-invalid", "true");
  else f.input.removeAttribute("aria-invalid");
};

/** Reads one amount: null = empty, a number = minor units, a string = what is wrong. */
const amount = (text: string): number | null | string => {
  if (text.trim() === "") return null;
  const minor = toMinor(text.replace(/^£/, ""));
  if (minor === null) return "Enter an amount like 12.50.";
  if (minor > LIMIT) return `Enter at most ${shortMoney(LIMIT)}.`;
  return minor;
};

/** The custom range form; `apply` gets the new min and max (minor units as strings, or undefined). */
export const priceForm = (s: SearchState, apply: (min: string | undefined, max: string | undefined) => void) => {
  const min = field("f-min", "Min (£)", typedAmount(minorOf(s.min_price)));
  const max = field("f-max", "Max (£)", typedAmount(minorOf(s.max_price)));
  const submit = (e: Event) => {
    e.preventDefault();
    const a = amount(min.input.value);
    const b = amount(max.input.value);
    setError(min, typeof a === "string" ? a : null);
    setError(
      max,
      typeof b === "string"
        ? b
        : typeof a === "number" && typeof b === "number" && b < a
          ? `Max must be at least the min (${shortMoney(a)}).`
          : null,
    );
    const bad = [min, max].find((f) => f.input.getAttribute("aria-invalid") === "true");
    if (bad) return bad.input.focus();
    apply(typeof a === "number" ? String(a) : undefined, typeof b === "number" ? String(b) : undefined);
  };
  return h(
    "form",
    { class: "price-form", "aria-label": "Custom price range", novalidate: true, onsubmit: submit },
    h("div", { class: "price-fields" }, min.el, max.el),
    h("button", { type: "submit", class: "secondary", id: "f-price-go" }, "Apply", h("span", { class: "visually-hidden" }, " price range")),
  );
};
