// The search page's state lives in the URL (/search?q=&category=&sort=&page=...): read it, write
// it back, change one filter (which returns to page 1), and turn it into the API's query. The
// sorts, price bands and depth limit come from the search module itself so they never drift.
import { MAX_DEPTH, PRICE_BANDS, RATING_BUCKETS, SORTS, type SortKey } from "../../search/ranking";
import { money } from "./format";

export { MAX_DEPTH, PRICE_BANDS, RATING_BUCKETS };

const KEYS = ["q", "category", "min_price", "max_price", "min_rating", "prime", "in_stock", "seller", "sort", "page"] as const;
export type StateKey = (typeof KEYS)[number];
/** Raw URL values (the API validates them and says what is wrong). */
export type SearchState = Partial<Record<StateKey, string>>;
/** Keys that narrow the results (what "Clear all" removes). */
export const FILTER_KEYS: StateKey[] = ["category", "min_price", "max_price", "min_rating", "prime", "in_stock", "seller"];

export const PAGE_SIZE = 20;
/** The demo shop sells in one currency; amounts typed by shoppers are in it. */
export const SHOP_CURRENCY = "GBP";

export const SORT_LABELS: Record<SortKey, string> = {
  relevance: "Relevance",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  rating: "Avg. customer rating",
  newest: "Newest arrivals",
  best_sellers: "Best sellers",
};
export const SORT_KEYS: readonly SortKey[] = SORTS;

export const readState = (search: string = location.search): SearchState => {
  const p = new URLSearchParams(search);
  const s: SearchState = {};
  for (const k of KEYS) {
    const v = p.get(k)?.trim();
    if (v) s[k] = v;
  }
  // Only "true" means on for the switches; the defaults (relevance, page 1) are left out.
  for (const k of ["prime", "in_stock"] as const) if (s[k] !== "true") delete s[k];
  if (s.sort === "relevance") delete s.sort;
  if (s.page === "1") delete s.page;
  return s;
};

export const stateUrl = (s: SearchState): string => {
  const p = new URLSearchParams();
  for (const k of KEYS) if (s[k]) p.set(k, s[k]);
  const qs = p.toString();
  return qs ? `/search?${qs}` : "/search";
};

/** The state with some keys changed (undefined removes one); any change but the page resets it to 1. */
export const changed = (s: SearchState, change: SearchState): SearchState => {
  const next: SearchState = { ...s, page: undefined, ...change };
  for (const k of KEYS) if (!next[k]) delete next[k];
  return readState(stateUrl(next).replace(/^\/search/, ""));
};

/** The change that removes every filter (the query and sort stay). */
export const CLEAR_FILTERS: SearchState = Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]));

/** Navigates to the live URL state with a change applied (so quick successive changes add up). */
export type Go = (change: SearchState) => void;

export const activeFilterCount = (s: SearchState): number => {
  const keys = FILTER_KEYS.filter((k) => s[k]);
  // A price range is one filter even when both ends are set.
  return keys.length - (s.min_price && s.max_price ? 1 : 0);
};

/** The query for GET /api/v1/products/search. */
export const apiQuery = (s: SearchState): Record<string, string> => ({ ...s, page_size: String(PAGE_SIZE) }) as Record<string, string>;

export const currentPage = (s: SearchState): number => {
  const n = Number(s.page ?? "1");
  return Number.isInteger(n) && n >= 1 ? n : 1;
};

/** A whole number of minor units from the URL, or null. */
export const minorOf = (v: string | undefined): number | null => (v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : null);

/** Short money for labels: "£5", "£12.50". */
export const shortMoney = (minor: number, currency = SHOP_CURRENCY): string => money(minor, currency).replace(/\.00$/, "");

/** Minor units as a shopper would type them: 1250 → "12.50", 500 → "5". */
export const typedAmount = (minor: number | null): string =>
  minor === null ? "" : minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2);

export const bandLabel = (b: (typeof PRICE_BANDS)[number], currency = SHOP_CURRENCY): string =>
  b.min === null
    ? `Under ${shortMoney((b.max ?? 0) + 1, currency)}`
    : b.max === null
      ? `${shortMoney(b.min, currency)} & over`
      : `${shortMoney(b.min, currency)} to ${shortMoney(b.max + 1, currency)}`;

/** The price band the state's range is exactly, if any. */
export const selectedBand = (s: SearchState) =>
  PRICE_BANDS.find(
    (b) =>
      (s.min_price ?? null) === (b.min === null ? null : String(b.min)) &&
      (s.max_price ?? null) === (b.max === null ? null : String(b.max)),
  );

/** "£5 to £10", "£20 & over", "Up to £7.50" for the state's price range (chips). */
export const priceRangeLabel = (s: SearchState, currency = SHOP_CURRENCY): string => {
  const band = selectedBand(s);
  if (band) return bandLabel(band, currency);
  const min = minorOf(s.min_price);
  const max = minorOf(s.max_price);
  if (min !== null && max !== null) return `${shortMoney(min, currency)} to ${shortMoney(max, currency)}`;
  if (min !== null) return `${shortMoney(min, currency)} & over`;
  if (max !== null) return `Up to ${shortMoney(max, currency)}`;
  return `${s.min_price ?? "…"} to ${s.max_price ?? "…"}`;
};

/** A category's display name (from GET /api/v1/categories), or one made from its slug. */
export const categoryName = (names: Map<string, string>, slug: string): string =>
  names.get(slug) ?? slug.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
