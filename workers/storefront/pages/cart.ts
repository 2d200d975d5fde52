// The cart page: every line with its flags, quantity and Remove; the subtotal and checkout. Each
// change goes to the API and the page shows the cart the API answers (prices, stock, totals).
import { ApiError, api, call } from "../lib/api";
import { h, replace } from "../lib/dom";
import { errorBlock, errorMessage, notify, runPage, setCartCount } from "../lib/layout";
import { cartLine, lineTitle, qtyProblem, type Cart, type CartLine } from "../lib/cart-line";
import { cartSummary } from "../lib/cart-summary";
import { emptyCart } from "../lib/cart-empty";

/** Where focus goes after the cart re-renders: a control of a line, or the heading. */
type FocusTarget = { line: string; testid?: string } | "heading" | null;

void runPage(
  "Your cart",
  async (main) => {
    const heading = h("h1", { tabindex: "-1" }, "Your cart");
    const body = h("div", { class: "cart-body" }, h("p", { class: "loading" }, "Loading your cart…"));
    replace(main, heading, body);
    let busy = false;

    const focusAfter = (target: FocusTarget) => {
      if (target === "heading") return heading.focus();
      if (!target) return;
      const line = body.querySelector<HTMLElement>(`[data-line="${CSS.escape(target.line)}"]`);
      const own = target.testid ? line?.querySelector<HTMLElement>(`[data-testid="${target.testid}"]`) : null;
      const el = own ?? line?.querySelector<HTMLElement>("h3 a, [data-testid=remove-line]");
      (el ?? heading).focus();
    };

    const render = (cart: Cart, focus: FocusTarget = null) => {
      setCartCount(cart.totals.item_count);
      if (cart.lines.length === 0) {
        replace(body, emptyCart());
      } else {
        const list = h(
          "ul",
          { class: "cart-lines", "data-testid": "cart-lines" },
          cart.lines.map((l) => cartLine(l, { setQty, remove })),
        );
        replace(
          body,
          h(
            "div",
            { class: "cart-layout" },
            h(
              "section",
              { class: "cart-items", "aria-labelledby": "items-heading" },
              h("h2", { id: "items-heading", class: "visually-hidden" }, "Items in your cart"),
              list,
            ),
            cartSummary(cart, clearCart),
          ),
        );
      }
      focusAfter(focus);
    };

    /** Runs one cart change: `controls` are disabled meanwhile; failures land in `error`. */
    const change = async (
      request: () => Promise<Cart>,
      controls: (HTMLButtonElement | HTMLInputElement)[],
      error: HTMLElement,
      focus: FocusTarget,
      done?: string,
    ) => {
      if (busy) return;
      busy = true;
      replace(error);
      for (const c of controls) c.disabled = true;
      main.setAttribute("aria-busy", "true");
      try {
        const cart = await request();
        render(cart, focus);
        if (done) notify(done);
      } catch (e) {
        for (const c of controls) c.disabled = false;
        if (e instanceof ApiError && e.code === "cart_line_not_found") return void (await load("heading"));
        replace(error, errorMessage(e));
        (controls[0] as HTMLElement | undefined)?.focus();
      } finally {
        busy = false;
        main.setAttribute("aria-busy", "false");
      }
    };

    function setQty(line: CartLine, input: HTMLInputElement, error: HTMLElement) {
      const raw = input.value;
      if (raw.trim() === String(line.qty) && !input.getAttribute("aria-invalid")) return;
      const problem = qtyProblem(raw, line);
      if (problem) {
        input.setAttribute("aria-invalid", "true");
        replace(error, problem);
        return;
      }
      input.removeAttribute("aria-invalid");
      const qty = Number(raw);
      const button = input.form?.querySelector("button") ?? null;
      const refocus = document.activeElement === input || document.activeElement === button;
      void change(
        () => call(api.api.v1.cart.items[":product_id"].$patch({ param: { product_id: line.product_id }, json: { qty } })),
        button ? [input, button] : [input],
        error,
        refocus ? { line: line.product_id, testid: "qty-input" } : null,
        `${lineTitle(line)}: quantity ${qty}.`,
      ).then(() => input.isConnected && input.setAttribute("aria-invalid", error.textContent ? "true" : "false"));
    }

    function remove(line: CartLine, button: HTMLButtonElement, error: HTMLElement) {
      const ids = [...body.querySelectorAll<HTMLElement>("[data-line]")].map((el) => el.dataset.line ?? "");
      const at = ids.indexOf(line.product_id);
      const next = ids[at + 1] ?? ids[at - 1];
      void change(
        () => call(api.api.v1.cart.items[":product_id"].$delete({ param: { product_id: line.product_id } })),
        [button],
        error,
        next ? { line: next } : "heading",
        `Removed ${lineTitle(line)} from your cart.`,
      );
    }

    function clearCart(button: HTMLButtonElement, error: HTMLElement) {
      if (!window.confirm("Remove everything from your cart?")) return;
      void change(() => call(api.api.v1.cart.$delete()), [button], error, "heading", "Your cart is now empty.");
    }

    const load = async (focus: FocusTarget = null) => {
      try {
        render(await call(api.api.v1.cart.$get()), focus);
      } catch (e) {
        const forbidden = e instanceof ApiError && e.status === 403;
        replace(
          body,
          errorBlock(e),
          forbidden
            ? h("p", {}, h("a", { href: "/" }, "Back to the shop"))
            : h("button", { type: "button", class: "secondary", onclick: () => void load() }, "Try again"),
        );
      }
    };
    await load();
  },
  { cartCount: false },
);
