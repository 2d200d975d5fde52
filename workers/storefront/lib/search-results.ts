// The search answer's main column: the summary line, the results grid (with impression and click
// events for ranking), the empty state with ways to broaden, and Previous / Next paging.
import { h } from "./dom";
import { sendSearchEvents, rememberSearchOrigin } from "./events";
import { productCard, type CardProduct } from "./product-card";
import {
  CLEAR_FILTERS,
  MAX_DEPTH,
  activeFilterCount,
  categoryName,
  changed,
  currentPage,
  stateUrl,
  type Go,
  type SearchState,
} from "./search-state";

export interface SearchAnswer {
  search_id: string;
  query: string;
  corrected_query: string | null;
  results: (Omit<CardProduct, "in_stock"> & { in_stock: boolean | null })[];
  total_results: number;
  page: number;
  page_size: number;
  next_page_token: string | null;
}

/** "250 results for “heart”", "16,759 products in Books", "No results for “zzz”". */
export const summaryText = (s: SearchState, total: number, names: Map<string, string>): string => {
  const where = s.category ? ` in ${categoryName(names, s.category)}` : "";
  const n = total.toLocaleString("en-GB");
  if (s.q) return total === 0 ? `No results for “${s.q}”${where}` : `${n} result${total === 1 ? "" : "s"} for “${s.q}”${where}`;
  return total === 0 ? `No products${where}` : `${n} product${total === 1 ? "" : "s"}${where}`;
};

/** A link to the search with a change: opens in place (pushState) unless asked for a new tab or window. */
const stateLink = (s: SearchState, change: SearchState, go: Go, attrs: Record<string, string>, label: string) =>
  h(
    "a",
    {
      ...attrs,
      href: stateUrl(changed(s, change)),
      onclick: (e: Event) => {
        const m = e as MouseEvent;
        if (m.button !== 0 || m.ctrlKey || m.metaKey || m.shiftKey || m.altKey) return;
        e.preventDefault();
        go(change);
      },
    },
    label,
  );

/** The results list; sends one batch of impressions and logs a click before the product opens. */
export const resultList = (a: SearchAnswer) => {
  const offset = (a.page - 1) * a.page_size;
  const items = a.results.map((p, i) => {
    const li = productCard({ ...p, in_stock: p.in_stock ?? undefined });
    const position = offset + i + 1;
    const opened = (e: Event) => {
      if (!(e.target instanceof HTMLElement) || !e.target.closest("a")) return;
      sendSearchEvents([{ type: "click", search_id: a.search_id, product_id: p.product_id, position }]);
      rememberSearchOrigin(p.product_id, a.search_id, position);
    };
    li.addEventListener("click", opened);
    li.addEventListener("auxclick", opened);
    return li;
  });
  return h("ul", { class: "grid results-grid", "data-testid": "search-results", "aria-labelledby": "results-heading" }, items);
};

const impressed = new Set<string>();
/** One batch of impressions per answer shown (back and forward to an answer do not count it again). */
export const sendImpressions = (a: SearchAnswer): void => {
  if (impressed.has(a.search_id)) return;
  impressed.add(a.search_id);
  const offset = (a.page - 1) * a.page_size;
  sendSearchEvents(
    a.results.map((p, i) => ({ type: "impression", search_id: a.search_id, product_id: p.product_id, position: offset + i + 1 })),
  );
};

/** What to do when nothing matched (or the page is past the end). */
export const emptyState = (s: SearchState, a: SearchAnswer, names: Map<string, string>, go: Go) => {
  if (a.total_results > 0) {
    return h(
      "div",
      { class: "search-empty" },
      h("p", {}, "This page is past the last page of results."),
      h("p", {}, stateLink(s, {}, go, {}, "Go to the first page")),
    );
  }
  const filters = activeFilterCount(s);
  const tips: (Node | string)[] = [];
  if (filters > 0) {
    tips.push(
      h(
        "li",
        {},
        h(
          "button",
          { type: "button", class: "link", onclick: () => go(CLEAR_FILTERS) },
          `Remove ${filters === 1 ? "the filter" : `all ${filters} filters`}`,
        ),
        " to search everything.",
      ),
    );
  }
  if (s.q) {
    tips.push(h("li", {}, "Check the spelling, or try fewer or more general words."));
    if (s.category && filters > 1)
      tips.push(h("li", {}, stateLink(s, { category: undefined }, go, {}, `Search all categories for “${s.q}”`)));
  }
  const cats = [...names].slice(0, 8);
  return h(
    "div",
    { class: "search-empty" },
    h("p", {}, "We could not find anything matching that. Some ideas:"),
    h("ul", {}, tips),
    cats.length ? h("p", {}, "Or browse a category:") : null,
    cats.length
      ? h(
          "ul",
          { class: "chips" },
          cats.map(([slug, name]) => h("li", {}, h("a", { href: `/search?category=${encodeURIComponent(slug)}` }, name))),
        )
      : null,
  );
};

/** Previous / Next and "Page N of M" (paging stops at the API's depth limit). */
export const pager = (s: SearchState, a: SearchAnswer, go: Go) => {
  const page = currentPage(s);
  const last = Math.max(1, Math.min(Math.ceil(a.total_results / a.page_size), Math.floor(MAX_DEPTH / a.page_size)));
  const link = (testid: string, label: string, rel: string, to: number | null) => {
    if (to === null) return h("span", { class: "button secondary pager-link", "aria-disabled": "true", "data-testid": testid }, label);
    return stateLink(s, { page: String(to) }, go, { class: "button secondary pager-link", rel, "data-testid": testid }, label);
  };
  const capped = a.total_results > last * a.page_size;
  return h(
    "nav",
    { class: "pager", "aria-label": "Result pages" },
    link("prev-page", "‹ Previous", "prev", page > 1 ? page - 1 : null),
    h("span", { class: "pager-status" }, `Page ${page} of ${last}`),
    link("next-page", "Next ›", "next", a.next_page_token !== null ? page + 1 : null),
    capped && !a.next_page_token
      ? h(
          "p",
          { class: "muted pager-note" },
          `Only the first ${MAX_DEPTH.toLocaleString("en-GB")} results are shown: add a filter or more words to narrow them.`,
        )
      : null,
  );
};
