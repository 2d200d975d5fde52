// Labelled form fields with their own error messages (aria-invalid + aria-describedby), form-level
// validation that focuses the first problem, and the API's 400 details mapped onto fields.
// Used by the sign-in/register forms and the checkout's address and card forms.
import { h, replace } from "./dom";
import type { FieldProblem } from "./api";

type Control = HTMLInputElement | HTMLSelectElement;
export interface Field {
  name: string;
  control: Control;
  wrap: HTMLElement;
  error: HTMLElement;
  /** Returns a message when the value is not acceptable. */
  check?: (value: string) => string | null;
}

let seq = 0;

interface FieldOpts {
  attrs?: Record<string, string | number | boolean | undefined>;
  hint?: string;
  options?: [value: string, label: string][];
  check?: (value: string) => string | null;
}

/** A label, an input (or select), an optional hint and an error slot, wired together. */
export const field = (label: string, name: string, opts: FieldOpts = {}): Field => {
  const id = `f${++seq}-${name}`;
  const errorId = `${id}-error`;
  const hintId = opts.hint ? `${id}-hint` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ");
  const base = { id, name, "aria-describedby": describedBy, ...opts.attrs };
  const control: Control = opts.options
    ? h(
        "select",
        base,
        opts.options.map(([v, l]) => h("option", { value: v }, l)),
      )
    : h("input", { type: "text", ...base });
  const error = h("p", { id: errorId, class: "field-error" });
  const wrap = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hintId ? h("p", { id: hintId, class: "hint" }, opts.hint) : null,
    control,
    error,
  );
  const f: Field = { name, control, wrap, error, check: opts.check };
  control.addEventListener("input", () => f.control.getAttribute("aria-invalid") && setFieldError(f, null));
  control.addEventListener("change", () => f.control.getAttribute("aria-invalid") && setFieldError(f, null));
  return f;
};

export const setFieldError = (f: Field, message: string | null): void => {
  replace(f.error, message ?? "");
  if (message) f.control.setAttribute("aria-invalid", "true");
  else f.control.removeAttribute("aria-invalid");
};

export const fieldValue = (f: Field): string => f.control.value.trim();

/** Checks every field; shows each problem and focuses the first. True when all are fine. */
export const validate = (fields: Field[]): boolean => {
  let first: Field | null = null;
  for (const f of fields) {
    const problem = f.check?.(fieldValue(f)) ?? null;
    setFieldError(f, problem);
    if (problem && !first) first = f;
  }
  first?.control.focus();
  return first === null;
};

/** Puts the API's field problems (paths like "json.postal_code") on the matching fields. */
export const applyDetails = (fields: Field[], details: FieldProblem[]): boolean => {
  let first: Field | null = null;
  for (const d of details) {
    const name = d.path.replace(/^json\./, "");
    const f = fields.find((x) => x.name === name);
    if (!f) continue;
    setFieldError(f, d.message);
    first ??= f;
  }
  first?.control.focus();
  return first !== null;
};

/** A form's own message slot (announced when it changes). */
export const formMessage = () => h("p", { class: "co-error", role: "alert" });

export const required = (what: string) => (v: string) => (v ? null : `Enter ${what}.`);

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
