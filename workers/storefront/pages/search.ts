// The search results page (/search?q=&category=&min_price=&sort=&page=...): the URL is the state,
// so links, back and forward work; filters and sort push a new URL and search again in place.
// Without q it browses (the API allows an empty query), e.g. /search?category=books.
import { api, call } from "../lib/api";
import { h, replace } from "../lib/dom";
import { clearError, errorBlock, runPage, setTitle } from "../lib/layout";
import { activeFilters } from "../lib/search-chips";
import { facetGroups } from "../lib/search-facets";
import { priceForm } from "../lib/search-price";
import { emptyState, pager, resultList, sendImpressions, summaryText } from "../lib/search-results";
import {
  SHOP_CURRENCY,
  SORT_KEYS,
  SORT_LABELS,
  CLEAR_FILTERS,
  activeFilterCount,
  apiQuery,
  categoryName,
  changed,
  readState,
  stateUrl,
  type SearchState,
} from "../lib/search-state";

const WIDE = window.matchMedia("(min-width: 800px)");

let names = new Map<string, string>();
const loadNames = call(api.api.v1.categories.$get())
  .then((r) => (names = new Map(r.categories.map((c) => [c.slug, c.name]))))
  .catch(() => names); // names are a nicety: slugs stand in for them

/** What the page shows ("“heart”", "Books"), set as the document title once runPage is done. */
let pageTitle = "Search";

void runPage("Search", async (main) => {
  const summary = h("h1", { "data-testid": "search-summary", tabindex: "-1" }, "Searching…");
  const corrected = h("div", { class: "corrected" });
  const chips = h("div", { class: "chips-slot" });
  const facetSlot = h("div", { class: "facet-groups" });
  const filterSummary = h("summary", { class: "facets-toggle" }, "Filters");
  const details = h("details", { class: "facets-panel", open: WIDE.matches }, filterSummary, facetSlot);
  WIDE.addEventListener("change", () => {
    if (WIDE.matches) details.open = true;
  });
  const sort = h(
    "select",
    { id: "sort", name: "sort", "data-testid": "sort" },
    SORT_KEYS.map((k) => h("option", { value: k }, SORT_LABELS[k])),
  );
  const results = h("div", { class: "results-body" }, h("p", { class: "loading" }, "Loading results…"));
  const pagerSlot = h("div", { class: "pager-slot" });
  const resultsSection = h(
    "section",
    { class: "results", "aria-labelledby": "results-heading" },
    h(
      "div",
      { class: "toolbar" },
      h("h2", { id: "results-heading", class: "visually-hidden" }, "Results"),
      chips,
      h("div", { class: "sort-field" }, h("label", { for: "sort" }, "Sort by"), sort),
    ),
    results,
    pagerSlot,
  );
  replace(
    main,
    h("div", { class: "search-head", "aria-live": "polite", "aria-atomic": "true" }, summary, corrected),
    h(
      "div",
      { class: "search-layout" },
      h(
        "aside",
        { class: "facets", "data-testid": "facets", "aria-labelledby": "filters-heading" },
        h("h2", { id: "filters-heading", class: "filters-heading" }, "Filters"),
        details,
      ),
      resultsSection,
    ),
  );

  let latest = 0;
  /** Searches for the URL's state and renders it; `focus` says where focus goes afterwards. */
  const load = async (focus: "keep" | "summary" | "none") => {
    const seq = ++latest;
    const s = readState();
    const input = document.getElementById("search-input") as HTMLInputElement | null;
    if (input) input.value = s.q ?? "";
    sort.value = s.sort ?? "relevance";
    main.setAttribute("aria-busy", "true");
    resultsSection.classList.add("is-loading");
    const request = () => call(api.api.v1.products.search.$get({ query: apiQuery(s) }));
    let answer: Awaited<ReturnType<typeof request>>;
    try {
      [answer] = await Promise.all([request(), loadNames]);
    } catch (e) {
      if (seq !== latest) return;
      await loadNames;
      return showFailure(s, e);
    } finally {
      if (seq === latest) {
        main.setAttribute("aria-busy", "false");
        resultsSection.classList.remove("is-loading");
      }
    }
    if (seq !== latest) return;
    clearError();
    const activeId = document.activeElement?.id;
    const hadFocus = main.contains(document.activeElement);
    const currency = answer.results[0]?.currency ?? SHOP_CURRENCY;
    summary.textContent = summaryText(s, answer.total_results, names);
    replace(
      corrected,
      answer.corrected_query
        ? h(
            "p",
            { class: "notice corrected-note" },
            "Showing results for ",
            h("strong", {}, answer.corrected_query),
            `. Nothing matched “${answer.query}” exactly.`,
          )
        : null,
    );
    pageTitle = s.q ? `“${s.q}”` : s.category ? categoryName(names, s.category) : "All products";
    setTitle(pageTitle);
    renderFilters(s);
    replace(facetSlot, facetGroups(s, answer.facets, names, currency, go));
    if (answer.results.length > 0) {
      replace(results, resultList(answer));
      replace(pagerSlot, pager(s, answer, goToSummary));
    } else {
      replace(results, emptyState(s, answer, names, goToSummary));
      replace(pagerSlot);
    }
    const again = focus === "keep" && activeId ? document.getElementById(activeId) : null;
    if (focus === "summary") summary.focus();
    else if (again) again.focus({ preventScroll: true });
    else if (hadFocus && !main.contains(document.activeElement)) summary.focus(); // its control went away
    sendImpressions(answer);
  };

  const renderFilters = (s: SearchState) => {
    replace(chips, activeFilters(s, names, goToSummary));
    const n = activeFilterCount(s);
    filterSummary.textContent = n ? `Filters (${n} on)` : "Filters";
  };

  const showFailure = (s: SearchState, e: unknown) => {
    summary.textContent = s.q ? `We could not search for “${s.q}”` : "We could not load these products";
    replace(corrected);
    pageTitle = "Search";
    setTitle(pageTitle);
    renderFilters(s);
    // A bad price range in a link can be fixed here; other filters come back with results.
    replace(
      facetSlot,
      s.min_price || s.max_price
        ? h(
            "fieldset",
            { class: "facet" },
            h("legend", {}, "Price"),
            priceForm(s, (min, max) => go({ min_price: min, max_price: max })),
          )
        : h("p", { class: "muted facet-note" }, "Filters appear with the results."),
    );
    const back = activeFilterCount(s) > 0 ? CLEAR_FILTERS : s.page ? {} : null;
    replace(
      results,
      errorBlock(e),
      back
        ? h(
            "p",
            {},
            h(
              "a",
              {
                href: stateUrl(changed(s, back)),
                onclick: (ev: Event) => {
                  ev.preventDefault();
                  go(back, "summary");
                },
              },
              activeFilterCount(s) > 0 ? "Search without filters" : "Go to the first page",
            ),
          )
        : h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => void load("summary") }, "Try again")),
    );
    replace(pagerSlot);
  };

  /** Navigates to a state: a new history entry, then the search ("summary": focus the new count). */
  function go(change: SearchState, focus: "keep" | "summary" = "keep") {
    history.pushState(null, "", stateUrl(changed(readState(), change)));
    void load(focus);
  }
  const goToSummary = (change: SearchState) => go(change, "summary");

  sort.addEventListener("change", () => go({ sort: sort.value }));
  window.addEventListener("popstate", () => void load("keep"));
  await load("none");
}).then(() => setTitle(pageTitle));
