// Search-as-you-type: the header's search box as an ARIA 1.2 combobox. Suggestions come from
// GET /api/v1/products/suggest (edge-cached), debounced; arrows move, Enter opens, Escape closes.
import { api, call } from "./api";
import { h, replace } from "./dom";

const DEBOUNCE_MS = 120;

export const attachSuggestions = (input: HTMLInputElement, list: HTMLElement): void => {
  let timer: number | undefined;
  let active = -1;
  let latest = 0;
  const options = () => [...list.querySelectorAll<HTMLElement>("[role=option]")];

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const highlight = (i: number) => {
    const opts = options();
    if (opts.length === 0) return;
    active = (i + opts.length) % opts.length;
    opts.forEach((o, j) => {
      o.setAttribute("aria-selected", String(j === active));
    });
    input.setAttribute("aria-activedescendant", opts[active]!.id);
  };

  const show = (q: string, items: { product_id: string; title: string }[]) => {
    if (items.length === 0) return close();
    replace(
      list,
      items.map((s, i) =>
        h(
          "div",
          {
            id: `suggestion-${i}`,
            role: "option",
            "aria-selected": "false",
            "data-href": `/product?id=${encodeURIComponent(s.product_id)}`,
          },
          s.title,
        ),
      ),
    );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    void q;
  };

  const load = async () => {
    const q = input.value.trim();
    const mine = ++latest;
    if (q.length < 2) return close();
    try {
      const res = await call(api.api.v1.products.suggest.$get({ query: { q, limit: "8" } }));
      if (mine === latest && document.activeElement === input) show(q, res.suggestions);
    } catch {
      close(); // suggestions are optional: the search itself reports errors
    }
  };

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (list.hidden) return;
      e.preventDefault();
      highlight(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Escape") {
      close();
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      const href = options()[active]?.dataset.href;
      if (href) location.assign(href);
    }
  });
  list.addEventListener("mousedown", (e) => e.preventDefault()); // keep focus in the box
  list.addEventListener("click", (e) => {
    const href = (e.target as HTMLElement).closest<HTMLElement>("[role=option]")?.dataset.href;
    if (href) location.assign(href);
  });
  input.addEventListener("blur", () => window.setTimeout(close, 100));
};
