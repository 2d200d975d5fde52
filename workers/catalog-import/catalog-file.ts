// Parses a product catalog file (TSV with a header row, or JSONL) one line at a time into
// validated products, counting skipped rows by reason. Pure: no I/O; the caller feeds lines.
import { categorise } from "../demo-data/categorise";
import { PRODUCT_ID_PATTERN } from "../shared/ids";

export type CatalogFormat = "tsv" | "jsonl";
export const CATALOG_CURRENCIES = ["GBP", "USD", "EUR"] as const; // as the catalog API accepts
export const DEFAULT_CURRENCY = "GBP";
export const MAX_TITLE_CHARS = 200;
export const MAX_DESCRIPTION_CHARS = 5000;
const MAX_PRICE_MINOR = 1_000_000_000;
const COLUMNS = ["id", "title", "description", "category", "price", "currency", "attributes"] as const;

export type CatalogProduct = {
  id: string;
  title: string;
  description: string;
  /** Minor units; 0 when the file gives no price (listed and searchable, not meant for sale). */
  priceMinor: number;
  currency: string;
  category: string;
  /** JSON object text, as stored. */
  attributes: string;
};

export type SkipReason =
  | "bad_line" // JSONL that is not an object; a TSV row with more fields than the header
  | "bad_id"
  | "duplicate_id"
  | "missing_title"
  | "title_too_long"
  | "description_too_long"
  | "bad_price"
  | "bad_currency"
  | "bad_attributes";

export type CatalogSummary = {
  rows: number;
  products: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** Products without a price (stored as 0). */
  unpriced: number;
  /** Products whose category was missing or unknown, so was derived from the title. */
  categoryFromTitle: number;
  /** TSV header columns that are not catalog fields (ignored). */
  ignoredColumns: string[];
};

export type Category = { slug: string; name: string };

export const catalogFormat = (fileName: string): CatalogFormat => {
  const name = fileName.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".tsv") || name.endsWith(".tab")) return "tsv";
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl";
  throw new Error(`Catalog file must end in .tsv or .jsonl (optionally .gz): ${fileName}`);
};

/** "12.99" or 12.99 → 1299, exactly (decimal text, never float arithmetic); null when invalid. */
export const priceToMinor = (value: unknown): number | null => {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return minor <= MAX_PRICE_MINOR ? minor : null;
};

/** The catalog API's attribute rules: ≤ 50 names of 1-64 [A-Za-z0-9_ -], string (≤ 500) / number / boolean values. */
export const attributesJson = (value: unknown): string | null => {
  let v = value;
  if (v === undefined || v === null || v === "") return "{}";
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const entries = Object.entries(v);
  const ok =
    entries.length <= 50 &&
    entries.every(
      ([k, x]) =>
        /^[A-Za-z0-9_ -]{1,64}$/.test(k) &&
        ((typeof x === "string" && x.length <= 500) || (typeof x === "number" && Number.isFinite(x)) || typeof x === "boolean"),
    );
  return ok ? JSON.stringify(v) : null;
};

/** Lower-case, accents dropped, "&" as "and", punctuation as spaces: "Home Décor" = "home decor". */
const nameKey = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** A slug or a category name (any case) as given; otherwise categorise() on the title. */
export const categoryResolver = (categories: readonly Category[]) => {
  const bySlug = new Set(categories.map((c) => c.slug));
  const byName = new Map(
    categories.flatMap(
      (c) =>
        [
          [nameKey(c.name), c.slug],
          [nameKey(c.slug), c.slug],
        ] as const,
    ),
  );
  return (given: string, title: string): { slug: string; fromTitle: boolean } => {
    const slug = bySlug.has(given) ? given : byName.get(nameKey(given));
    return slug ? { slug, fromTitle: false } : { slug: categorise(title), fromTitle: true };
  };
};

const text = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * Feed every line of the file to `push` (TSV: the header first); it returns the product the line
 * holds, or null (header, blank line, or a skipped row: see `summary().skipped`).
 */
export const createCatalogReader = (format: CatalogFormat, categories: readonly Category[]) => {
  const resolve = categoryResolver(categories);
  const seen = new Set<string>();
  const summary: CatalogSummary = { rows: 0, products: 0, skipped: {}, unpriced: 0, categoryFromTitle: 0, ignoredColumns: [] };
  let header: string[] | null = null;
  const skip = (reason: SkipReason): null => {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1;
    return null;
  };

  const readHeader = (line: string) => {
    header = line.split("\t").map((h) => h.trim().toLowerCase());
    for (const required of ["id", "title"]) {
      if (!header.includes(required)) throw new Error(`The TSV header needs an '${required}' column; it has: ${header.join(", ")}`);
    }
    summary.ignoredColumns = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  };

  const fields = (line: string): Record<string, unknown> | null => {
    if (format === "jsonl") {
      try {
        const v: unknown = JSON.parse(line);
        return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    }
    const values = line.split("\t");
    if (values.length > header!.length) return null;
    return Object.fromEntries(header!.map((h, i) => [h, values[i] ?? ""]));
  };

  const product = (f: Record<string, unknown>): CatalogProduct | null => {
    const id = text(f.id).trim();
    if (!PRODUCT_ID_PATTERN.test(id)) return skip("bad_id");
    const title = oneLine(text(f.title));
    if (title === "") return skip("missing_title");
    if (title.length > MAX_TITLE_CHARS) return skip("title_too_long");
    const description = text(f.description).trim();
    if (description.length > MAX_DESCRIPTION_CHARS) return skip("description_too_long");
    const noPrice = f.price === undefined || f.price === null || text(f.price).trim() === "";
    const priceMinor = noPrice ? 0 : priceToMinor(f.price);
    if (priceMinor === null) return skip("bad_price");
    const currency = text(f.currency).trim().toUpperCase() || DEFAULT_CURRENCY;
    if (!(CATALOG_CURRENCIES as readonly string[]).includes(currency)) return skip("bad_currency");
    const attributes = attributesJson(f.attributes);
    if (attributes === null) return skip("bad_attributes");
    if (seen.has(id)) return skip("duplicate_id"); // the first row with an id wins
    seen.add(id);
    const category = resolve(text(f.category).trim(), title);
    summary.products++;
    if (noPrice) summary.unpriced++;
    if (category.fromTitle) summary.categoryFromTitle++;
    return { id, title, description, priceMinor, currency, category: category.slug, attributes };
  };

  return {
    push(rawLine: string): CatalogProduct | null {
      const line = rawLine.replace(/\r$/, "");
      if (line.trim() === "") return null;
      if (format === "tsv" && header === null) {
        readHeader(line.replace(/^\uFEFF/, ""));
        return null;
      }
      summary.rows++;
      const f = fields(line);
      return f ? product(f) : skip("bad_line");
    },
    summary: (): CatalogSummary => summary,
  };
};
