// Search storage: one D1 batch answers a search (the page and/or the summary: the total and four
// facets, and how many documents each typed term matches, which tells whether to look for a
// correction); another
// fetches correction candidates from the vocabulary and the title trigram index. The ranking
// score is computed here in SQL from workers/search/ranking.ts over the whole match set.
import { PRICE_BANDS, RANKING, RATING_BUCKETS, type SortKey } from "./ranking";
import { correctionRanges, titleWords, trigramQuery, type Candidate } from "./query";

export interface SearchFilters {
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  minRating?: number;
  prime?: boolean;
  inStock?: boolean;
  seller?: string;
}
type Dimension = "category" | "price" | "rating" | "prime";

export interface SearchHit {
  id: string;
  title: string;
  price_minor: number;
  currency: string;
  prime_eligible: number;
  image_urls: string;
  rating: number | null;
  rating_count: number | null;
  available: number | null;
  score: number;
}
export interface Facets {
  categories: { slug: string; count: number }[];
  price: Record<string, number>;
  rating: Record<string, number>;
  prime: number;
}
/** The part of an answer that does not depend on the page or sort: shared by every page (routes.ts). */
export interface SearchSummary {
  total: number;
  facets: Facets;
}
export interface SearchPage {
  hits: SearchHit[];
  summary: SearchSummary | null;
  termCounts: number[];
}

const RATING = `CASE WHEN r.count > 0 THEN CAST(r.sum AS REAL) / r.count END`;
const OUT_OF_STOCK = `CASE WHEN il.product_id IS NOT NULL AND il.available <= 0 THEN 1 ELSE 0 END`;
const w = RANKING.weights;
// Bayesian average of the stars, 1..5 mapped to 0..1; no product_ratings row counts as no reviews.
const RATING_SCORE = `(((COALESCE(r.sum, 0) + ? * ?) * 1.0 / (COALESCE(r.count, 0) + ?) - 1) / 4.0)`;
const SCORE = {
  sql: `(? * (h.rel / (h.rel + ?)) + ? * COALESCE(s.sales_score, 0) + ? * COALESCE(s.ctr_score, ?)
        + ? * COALESCE(s.conversion_score, ?) + ? * COALESCE(s.price_score, ?) + ? * ${RATING_SCORE} - ? * ${OUT_OF_STOCK})`,
  params: [
    w.text,
    RANKING.relevanceK,
    w.sales,
    w.ctr,
    RANKING.priors.ctr,
    w.conversion,
    RANKING.priors.conversion,
    w.price,
    RANKING.priors.price,
    w.rating,
    RANKING.rating.m,
    RANKING.rating.prior,
    RANKING.rating.m,
    w.outOfStock,
  ],
};
const ORDER: Record<SortKey, string> = {
  relevance: "score DESC, p.id",
  price_asc: "p.price_minor ASC, p.id",
  price_desc: "p.price_minor DESC, p.id",
  rating: "rating DESC NULLS LAST, rating_count DESC, p.id",
  newest: "p.created_at DESC, p.id",
  best_sellers: "COALESCE(s.sales_score, 0) DESC, score DESC, p.id",
};

const hitsCte = (match: string | null) =>
  match
    ? {
        sql: `WITH h AS (SELECT rowid, -bm25(products_fts, ?, ?, ?, ?) AS rel FROM products_fts WHERE products_fts MATCH ?)`,
        params: [...RANKING.bm25Columns, match],
      }
    : { sql: `WITH h AS (SELECT rowid, 0.0 AS rel FROM products)`, params: [] };

const FROM = `FROM h JOIN products p ON p.rowid = h.rowid
  LEFT JOIN product_ratings r ON r.product_id = p.id
  LEFT JOIN inventory_levels il ON il.product_id = p.id
  LEFT JOIN product_signals s ON s.product_id = p.id`;

/** The WHERE for the filters, leaving out one facet's own dimension when counting that facet. */
const where = (f: SearchFilters, except?: Dimension) => {
  const sql = ["p.deleted_at IS NULL"];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    sql.push(clause);
    params.push(...values);
  };
  if (f.category !== undefined && except !== "category") add("p.category = ?", f.category);
  if (f.minPrice !== undefined && except !== "price") add("p.price_minor >= ?", f.minPrice);
  if (f.maxPrice !== undefined && except !== "price") add("p.price_minor <= ?", f.maxPrice);
  if (f.minRating !== undefined && except !== "rating") add(`${RATING} >= ?`, f.minRating);
  if (f.prime !== undefined && except !== "prime") add("p.prime_eligible = ?", f.prime ? 1 : 0);
  if (f.inStock) add("il.available > 0");
  if (f.seller !== undefined) add("p.seller_id = ?", f.seller);
  return { sql: `WHERE ${sql.join(" AND ")}`, params };
};

export const runSearch = async (
  db: D1Database,
  q: { match: string | null; filters: SearchFilters; sort: SortKey; offset: number; limit: number; checkTerms: string[]; summary: boolean },
): Promise<SearchPage> => {
  const cte = hitsCte(q.match);
  const stmt = (select: string, except?: Dimension, tail = "", tailParams: unknown[] = []) => {
    const wh = where(q.filters, except);
    return db.prepare(`${cte.sql} SELECT ${select} ${FROM} ${wh.sql} ${tail}`).bind(...cte.params, ...wh.params, ...tailParams);
  };
  const page = db
    .prepare(
      `${cte.sql} SELECT p.id, p.title, p.price_minor, p.currency, p.prime_eligible, p.image_urls, ${RATING} AS rating, r.count AS rating_count,
         il.available AS available, ${SCORE.sql} AS score ${FROM} ${where(q.filters).sql} ORDER BY ${ORDER[q.sort]} LIMIT ? OFFSET ?`,
    )
    .bind(...cte.params, ...SCORE.params, ...where(q.filters).params, q.limit, q.offset);
  const bands = PRICE_BANDS.map(
    (b) =>
      `SUM(CASE WHEN ${b.min === null ? "1" : `p.price_minor >= ${b.min}`} AND ${b.max === null ? "1" : `p.price_minor <= ${b.max}`} THEN 1 ELSE 0 END) AS "${b.key}"`,
  );
  const ratings = RATING_BUCKETS.map((n) => `SUM(CASE WHEN ${RATING} >= ${n} THEN 1 ELSE 0 END) AS "${n}"`);
  // The page (unless limit is 0), the total and facets (only when asked: they scan the whole
  // match set, and are cached apart from the pages), then the typed terms' document counts.
  const summary = q.summary
    ? [
        stmt("COUNT(*) AS n"),
        stmt("p.category AS slug, COUNT(*) AS count", "category", "GROUP BY p.category ORDER BY count DESC, slug LIMIT 30"),
        stmt(bands.join(", "), "price"),
        stmt(ratings.join(", "), "rating"),
        stmt("SUM(p.prime_eligible) AS n", "prime"),
      ]
    : [];
  const pages = q.limit > 0 ? [page] : [];
  const statements = [
    ...pages,
    ...summary,
    ...q.checkTerms.map((t) => db.prepare(`SELECT COUNT(*) AS n FROM products_fts WHERE products_fts MATCH ?`).bind(`"${t}"`)),
  ];
  const results = await db.batch(statements);
  const hits = pages.length ? results.shift() : undefined;
  const [count, cats, price, rating, prime] = summary.length ? results.splice(0, summary.length) : [];
  const terms = results;
  const row = (r: D1Result | undefined) => (r?.results[0] ?? {}) as Record<string, number | null>;
  const numbers = (r: Record<string, number | null>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? 0]));
  return {
    hits: (hits?.results ?? []) as unknown as SearchHit[],
    summary: q.summary
      ? {
          total: row(count).n ?? 0,
          facets: {
            categories: (cats?.results ?? []) as { slug: string; count: number }[],
            price: numbers(row(price)),
            rating: numbers(row(rating)),
            prime: row(prime).n ?? 0,
          },
        }
      : null,
    termCounts: terms.map((t) => Number(row(t).n ?? 0)),
  };
};

/**
 * Words a misspelt or partial term may have meant, with how many titles hold each: title words
 * in the vocabulary ranges `correctionRanges` names (one statement a term, each range a bounded
 * scan), and the words of titles sharing the term's trigrams, which reach slips in the first
 * letter that no range covers. A word both lookups find keeps its vocabulary count.
 */
export const correctionCandidates = async (db: D1Database, terms: string[]): Promise<Candidate[][]> => {
  if (terms.length === 0) return [];
  const statements = terms.flatMap((t) => {
    const ranges = correctionRanges(t);
    // The ranges join the vocabulary, so each is a range scan of it (a UNION of one SELECT a
    // range would be too, but D1 allows few compound terms).
    return [
      db
        .prepare(
          `WITH r(lo, hi, mn, mx, t1, t2) AS (VALUES ${ranges.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")})
         SELECT DISTINCT v.term AS word, v.doc AS freq FROM r JOIN products_words_vocab v ON v.term >= r.lo AND v.term < r.hi
         WHERE length(v.term) BETWEEN r.mn AND r.mx AND (r.t1 IS NULL OR substr(v.term, 3) IN (r.t1, r.t2)) LIMIT 1000`,
        )
        .bind(...ranges.flatMap((r) => [r.from, r.to, r.minLength, r.maxLength, r.tails?.[0] ?? null, r.tails?.[1] ?? null])),
      db
        .prepare(
          `SELECT p.title FROM products_trigram t JOIN products p ON p.rowid = t.rowid WHERE products_trigram MATCH ? AND p.deleted_at IS NULL ORDER BY rank LIMIT 40`,
        )
        .bind(trigramQuery(t) ?? `"${t}"`),
    ];
  });
  const results = await db.batch(statements);
  return terms.map((_, i) => {
    const words = new Map<string, number>();
    for (const c of (results[2 * i]?.results ?? []) as unknown as Candidate[]) words.set(c.word, c.freq);
    const fromTitles = new Map<string, number>();
    for (const r of (results[2 * i + 1]?.results ?? []) as { title: string }[]) {
      for (const word of titleWords(r.title)) if (!words.has(word)) fromTitles.set(word, (fromTitles.get(word) ?? 0) + 1);
    }
    return [...words, ...fromTitles].map(([word, freq]) => ({ word, freq }));
  });
};

/** Search-as-you-type: titles matching every typed word, the last as a prefix, best sellers first. */
export const runSuggest = async (db: D1Database, match: string, limit: number) =>
  (
    await db
      .prepare(
        `WITH h AS (SELECT rowid, rank FROM products_fts WHERE products_fts MATCH ? ORDER BY rank LIMIT 200)
         SELECT p.id, p.title FROM h JOIN products p ON p.rowid = h.rowid LEFT JOIN product_signals s ON s.product_id = p.id
         WHERE p.deleted_at IS NULL ORDER BY COALESCE(s.sales_score, 0) DESC, h.rank, p.id LIMIT ?`,
      )
      .bind(match, limit)
      .all<{ id: string; title: string }>()
  ).results;
