// The search page's active filters as removable chips ("Home Décor ✕", "£5 to £10 ✕") and a
// "Clear all": each button navigates to the same search without that filter.
import { h } from "./dom";
import { CLEAR_FILTERS, activeFilterCount, categoryName, priceRangeLabel, type Go, type SearchState } from "./search-state";

interface Chip {
  label: string;
  /** What the filter is, for the button's spoken name ("Remove filter: Category Home Décor"). */
  kind: string;
  change: SearchState;
}

const chipsOf = (s: SearchState, names: Map<string, string>): Chip[] => {
  const chips: Chip[] = [];
  if (s.category) chips.push({ kind: "Category", label: categoryName(names, s.category), change: { category: undefined } });
  if (s.min_price || s.max_price)
    chips.push({ kind: "Price", label: priceRangeLabel(s), change: { min_price: undefined, max_price: undefined } });
  if (s.min_rating) chips.push({ kind: "Rating", label: `${s.min_rating}★ & up`, change: { min_rating: undefined } });
  if (s.prime) chips.push({ kind: "Delivery", label: "Prime", change: { prime: undefined } });
  if (s.in_stock) chips.push({ kind: "Availability", label: "In stock", change: { in_stock: undefined } });
  if (s.seller) chips.push({ kind: "Seller", label: `Seller ${s.seller}`, change: { seller: undefined } });
  return chips;
};

/** The chips, or null when no filter is on. `go` navigates to a state. */
export const activeFilters = (s: SearchState, names: Map<string, string>, go: Go) => {
  const chips = chipsOf(s, names);
  if (chips.length === 0) return null;
  const n = activeFilterCount(s);
  return h(
    "div",
    { class: "active-filters", "data-testid": "active-filters" },
    h("h2", { class: "visually-hidden", id: "active-filters-heading" }, `Active filters (${n})`),
    h(
      "ul",
      { class: "chips filter-chips", "aria-labelledby": "active-filters-heading" },
      chips.map((c) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "chip", "aria-label": `Remove filter: ${c.kind} ${c.label}`, onclick: () => go(c.change) },
            c.label,
            h("span", { class: "chip-x", "aria-hidden": "true" }, "✕"),
          ),
        ),
      ),
      h("li", {}, h("button", { type: "button", class: "link clear-all", onclick: () => go(CLEAR_FILTERS) }, "Clear all")),
    ),
  );
};
