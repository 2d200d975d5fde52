// The sign-in page (/signin?next=...): sign in or create an account side by side; on success the
// shopper goes back to `next` (only a path on this site). Signed in already: who, and sign out.
import { h, param, replace } from "../lib/dom";
import { registerForm, signInForm } from "../lib/auth-forms";
import { runPage } from "../lib/layout";
import { safeNext } from "../lib/safe-next";
import { clearSession, getSession } from "../lib/session";

void runPage("Sign in", async (main) => {
  const next = safeNext(param("next"), location.origin);
  const goOn = () => location.assign(next);
  const session = getSession();
  if (session) {
    const { user } = session;
    const signOut = h("button", { type: "button", class: "secondary" }, "Sign out");
    signOut.addEventListener("click", () => {
      clearSession();
      location.reload();
    });
    replace(
      main,
      h("h1", {}, "Your account"),
      h(
        "div",
        { class: "panel signed-in", "data-testid": "signed-in" },
        h("p", {}, "You are signed in as ", h("strong", {}, user.name), ` (${user.email}).`),
        h("p", { class: "row" }, h("a", { class: "button", href: next }, next === "/" ? "Continue shopping" : "Continue"), signOut),
      ),
    );
    return;
  }
  const checkoutNext = next.startsWith("/checkout");
  replace(
    main,
    h("h1", {}, checkoutNext ? "Sign in to check out" : "Sign in or create an account"),
    h("p", { class: "muted" }, "Anything in your cart stays there: it is kept when you sign in or create an account."),
    h(
      "div",
      { class: "auth-layout" },
      h("section", { class: "panel auth-panel" }, signInForm(goOn)),
      h(
        "section",
        { class: "panel auth-panel" },
        registerForm(goOn),
        h("p", { class: "muted fine-print" }, "New here? An account lets you check out and follow your orders."),
      ),
    ),
  );
  const first = main.querySelector<HTMLInputElement>("[data-testid=signin-form] input");
  if (first && !matchMedia("(max-width: 599px)").matches) first.focus();
});
