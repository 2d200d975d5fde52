// The sign-in and create-account forms: labelled fields with autocomplete hints, client checks
// (email, password length, name), the API's answer (wrong password, email taken, rate limit)
// shown in the form, and on success the session saved and the shopper sent on.
import { api, ApiError, call, detailsOf } from "./api";
import { EMAIL, applyDetails, field, formMessage, setFieldError, validate, fieldValue, type Field } from "./checkout-fields";
import { h, replace } from "./dom";
import { errorMessage } from "./layout";
import { saveSession, type Session } from "./session";

const email = () =>
  field("Email", "email", {
    attrs: { type: "email", autocomplete: "email", required: true, maxlength: 254, spellcheck: false, autocapitalize: "off" },
    check: (v) => (!v ? "Enter your email address." : EMAIL.test(v) ? null : "Enter an email address like name@example.com."),
  });

const password = (autocomplete: "current-password" | "new-password") =>
  field("Password", "password", {
    attrs: { type: "password", autocomplete, required: true, minlength: autocomplete === "new-password" ? 8 : undefined, maxlength: 128 },
    hint: autocomplete === "new-password" ? "At least 8 characters." : undefined,
    check: (v) =>
      !v
        ? "Enter your password."
        : autocomplete === "new-password" && v.length < 8
          ? "Use at least 8 characters."
          : v.length > 128
            ? "Use at most 128 characters."
            : null,
  });

/** Reads the password untrimmed (spaces are part of a password). */
const raw = (f: Field) => f.control.value;

interface AuthFormOpts {
  testid: string;
  heading: string;
  submitLabel: string;
  fields: Field[];
  body: () => Record<string, string>;
  send: (body: Record<string, string>) => Promise<Session>;
  onSignedIn: () => void;
  /** Puts a known failure on its field; true when it did. */
  onError?: (e: ApiError) => boolean;
}

const authForm = (o: AuthFormOpts) => {
  const message = formMessage();
  const submit = h("button", { type: "submit" }, o.submitLabel);
  const headingId = `${o.testid}-heading`;
  const form = h(
    "form",
    { class: "auth-form", "data-testid": o.testid, novalidate: true, "aria-labelledby": headingId },
    h("h2", { id: headingId }, o.heading),
    o.fields.map((f) => f.wrap),
    message,
    submit,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    replace(message);
    if (!validate(o.fields)) return;
    submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    replace(submit, "Please wait…");
    try {
      saveSession(await o.send(o.body()));
      o.onSignedIn();
    } catch (err) {
      submit.disabled = false;
      form.setAttribute("aria-busy", "false");
      replace(submit, o.submitLabel);
      if (err instanceof ApiError && o.onError?.(err)) return;
      if (applyDetails(o.fields, detailsOf(err))) return;
      replace(message, errorMessage(err));
      submit.focus();
    }
  });
  return form;
};

export const signInForm = (onSignedIn: () => void) => {
  const fields = [email(), password("current-password")];
  const [e, p] = fields as [Field, Field];
  return authForm({
    testid: "signin-form",
    heading: "Sign in",
    submitLabel: "Sign in",
    fields,
    onSignedIn,
    onError: (err) => {
      if (err.status !== 401) return false;
      setFieldError(p, `${err.message} Check both and try again.`);
      p.control.focus();
      (p.control as HTMLInputElement).select();
      return true;
    },
    body: () => ({ email: fieldValue(e), password: raw(p) }),
    send: (b) => call(api.api.v1.auth.login.$post({ json: { email: b.email!, password: b.password! } })),
  });
};

export const registerForm = (onSignedIn: () => void) => {
  const name = field("Name", "name", {
    attrs: { autocomplete: "name", required: true, maxlength: 100 },
    check: (v) => (v ? (v.length > 100 ? "Use at most 100 characters." : null) : "Enter your name."),
  });
  const fields = [name, email(), password("new-password")];
  const [n, e, p] = fields as [Field, Field, Field];
  return authForm({
    testid: "register-form",
    heading: "Create an account",
    submitLabel: "Create account",
    fields,
    onSignedIn,
    onError: (err) => {
      if (err.code !== "email_taken") return false;
      setFieldError(e, `${err.message} Sign in instead, or use another email.`);
      e.control.focus();
      return true;
    },
    body: () => ({ name: fieldValue(n), email: fieldValue(e), password: raw(p) }),
    send: (b) => call(api.api.v1.auth.register.$post({ json: { name: b.name!, email: b.email!, password: b.password! } })),
  });
};
