// Every page's frame: the header (search with suggestions, account, orders, cart count), the
// live regions, and `runPage`, which renders a page and turns any failure into a visible,
// plain-language message (a page is never left blank).
import { ApiError, api, call } from "./api";
import { byId, h, replace } from "./dom";
import { clearSession, getSession } from "./session";
import { attachSuggestions } from "./suggest";

const statusRegion = () => byId("status");
const alertRegion = () => byId("alert");

/** Announces a short success message to everyone (screen readers via the polite live region). */
export const notify = (message: string): void => {
  const region = statusRegion();
  replace(region, message);
  window.setTimeout(() => {
    if (region.textContent === message) replace(region);
  }, 5000);
};

/** What a failure means for a shopper, with the request id support would ask for. */
export const errorMessage = (e: unknown): string => {
  if (e instanceof ApiError) return e.requestId ? `${e.message} (reference ${e.requestId})` : e.message;
  return "Something went wrong in this page. Please reload and try again.";
};

/** Shows a failure in the page's alert banner (assertive live region). */
export const showError = (e: unknown): void => {
  if (e instanceof ApiError && e.code === "session_expired") renderAccount();
  const region = alertRegion();
  replace(region, h("p", {}, errorMessage(e)), h("button", { type: "button", class: "link", onclick: () => replace(region) }, "Dismiss"));
  region.focus();
};

/** Clears the alert banner (e.g. when a retried action succeeds). */
export const clearError = (): void => replace(alertRegion());

/** An inline error block inside a section (for a part of the page that failed to load). */
export const errorBlock = (e: unknown) => h("p", { class: "error", role: "alert" }, errorMessage(e));

const signOut = () => {
  clearSession();
  location.assign("/");
};

const renderAccount = () => {
  const s = getSession();
  replace(
    byId("account"),
    s
      ? h(
          "span",
          { class: "row" },
          h("span", {}, h("span", { class: "muted" }, "Hello, "), s.user.name.split(" ")[0] || s.user.name),
          h("button", { type: "button", class: "link", onclick: signOut }, "Sign out"),
        )
      : h("a", { href: `/signin?next=${encodeURIComponent(location.pathname + location.search)}` }, "Sign in"),
  );
};

/** Updates the header's cart count (after any cart change, or from the cart the page loaded). */
export const setCartCount = (n: number): void => {
  const el = document.getElementById("cart-count");
  if (el) el.textContent = String(n);
  const link = document.getElementById("cart-link");
  link?.setAttribute("aria-label", `Cart, ${n} item${n === 1 ? "" : "s"}`);
};

/** Re-reads the cart for the header's count (e.g. once an order's payment has emptied it). */
export const refreshCartCount = async () => {
  const s = getSession();
  if (s && s.user.role !== "customer") return;
  try {
    const cart = await call(api.api.v1.cart.$get());
    setCartCount(cart.totals.item_count);
  } catch {
    /* the count is a convenience: the cart page shows any real error */
  }
};

const initHeader = () => {
  renderAccount();
  const q = new URLSearchParams(location.search).get("q");
  const input = byId<HTMLInputElement>("search-input");
  if (q && location.pathname.startsWith("/search")) input.value = q;
  attachSuggestions(input, byId("search-suggestions"));
};

window.addEventListener("error", (e) => showError(e.error));
window.addEventListener("unhandledrejection", (e) => showError(e.reason));

/**
 * Renders a page into <main>: `render` fills it; while it runs the page says it is loading, and
 * if it throws, the page says what failed instead.
 */
export const runPage = async (title: string, render: (main: HTMLElement) => Promise<void>, opts: { cartCount?: boolean } = {}) => {
  initHeader();
  if (opts.cartCount !== false) void refreshCartCount();
  const main = byId("main");
  document.title = `${title} · Edge Shop`; // a page may name itself better once loaded (setTitle)
  try {
    await render(main);
  } catch (e) {
    document.title = `Error · Edge Shop`;
    replace(main, h("h1", {}, "Sorry, this page could not be shown"), errorBlock(e), h("p", {}, h("a", { href: "/" }, "Back to the shop")));
  } finally {
    main.setAttribute("aria-busy", "false");
  }
};

/** Sets the document title once a page knows what it shows (a product's name, an order id). */
export const setTitle = (title: string): void => {
  document.title = `${title} · Edge Shop`;
};
