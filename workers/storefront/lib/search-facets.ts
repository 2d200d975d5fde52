// The search filters: category, price (bands and a custom range), minimum rating, Prime and
// stock, each a labelled form control with the API's facet counts. A change applies at once.
import { h } from "./dom";
import { priceForm } from "./search-price";
import { PRICE_BANDS, RATING_BUCKETS, bandLabel, categoryName, selectedBand, type Go, type SearchState } from "./search-state";

export interface Facets {
  categories: { slug: string; count: number }[];
  price: Record<string, number>;
  rating: Record<string, number>;
  prime: number;
}

const count = (n: number | undefined) => (n === undefined ? null : h("span", { class: "facet-count" }, ` (${n.toLocaleString("en-GB")})`));

/** One radio or checkbox with its label and count. */
const option = (
  type: "radio" | "checkbox",
  name: string,
  id: string,
  label: string,
  n: number | undefined,
  checked: boolean,
  onchange: (on: boolean) => void,
) =>
  h(
    "li",
    {},
    h("input", { type, name, id, checked, onchange: (e: Event) => onchange((e.target as HTMLInputElement).checked) }),
    h("label", { for: id }, label, count(n)),
  );

const group = (legend: string, ...content: (Node | null)[]) => h("fieldset", { class: "facet" }, h("legend", {}, legend), ...content);

const list = (items: Node[]) => h("ul", { class: "facet-options" }, items);

const categoryFacet = (s: SearchState, f: Facets, names: Map<string, string>, go: Go) => {
  const cats = [...f.categories];
  if (s.category && !cats.some((c) => c.slug === s.category)) cats.unshift({ slug: s.category, count: 0 });
  return group(
    "Category",
    list([
      option("radio", "category", "f-cat-all", "All categories", undefined, !s.category, () => go({ category: undefined })),
      ...cats.map((c) =>
        option("radio", "category", `f-cat-${c.slug}`, categoryName(names, c.slug), c.count, s.category === c.slug, () =>
          go({ category: c.slug }),
        ),
      ),
    ]),
  );
};

const priceFacet = (s: SearchState, f: Facets, currency: string, go: Go) => {
  const band = selectedBand(s);
  const anyPrice = !s.min_price && !s.max_price;
  const setRange = (min: string | undefined, max: string | undefined) => go({ min_price: min, max_price: max });
  return group(
    "Price",
    list([
      option("radio", "price", "f-price-any", "Any price", undefined, anyPrice, () => setRange(undefined, undefined)),
      ...PRICE_BANDS.filter((b) => (f.price[b.key] ?? 0) > 0 || band === b).map((b) =>
        option("radio", "price", `f-price-${b.key}`, bandLabel(b, currency), f.price[b.key] ?? 0, band === b, () =>
          setRange(b.min === null ? undefined : String(b.min), b.max === null ? undefined : String(b.max)),
        ),
      ),
    ]),
    priceForm(s, setRange),
  );
};

const ratingFacet = (s: SearchState, f: Facets, go: Go) => {
  const shown = RATING_BUCKETS.filter((n) => (f.rating[String(n)] ?? 0) > 0 || s.min_rating === String(n));
  return group(
    "Customer rating",
    shown.length === 0 && !s.min_rating
      ? h("p", { class: "muted facet-note" }, "None of these products has ratings yet.")
      : list([
          option("radio", "min_rating", "f-rating-any", "Any rating", undefined, !s.min_rating, () => go({ min_rating: undefined })),
          ...shown.map((n) =>
            option("radio", "min_rating", `f-rating-${n}`, `${n}★ & up`, f.rating[String(n)] ?? 0, s.min_rating === String(n), () =>
              go({ min_rating: String(n) }),
            ),
          ),
        ]),
  );
};

const deliveryFacet = (s: SearchState, f: Facets, go: Go) =>
  group(
    "Delivery & stock",
    list([
      option("checkbox", "prime", "f-prime", "Prime only", f.prime, !!s.prime, (on) => go({ prime: on ? "true" : undefined })),
      option("checkbox", "in_stock", "f-stock", "In stock only", undefined, !!s.in_stock, (on) =>
        go({ in_stock: on ? "true" : undefined }),
      ),
    ]),
  );

/** The filter groups for one answer (the panel around them stays put between searches). */
export const facetGroups = (s: SearchState, f: Facets, names: Map<string, string>, currency: string, go: Go): Node[] => [
  categoryFacet(s, f, names, go),
  priceFacet(s, f, currency, go),
  ratingFacet(s, f, go),
  deliveryFacet(s, f, go),
];
