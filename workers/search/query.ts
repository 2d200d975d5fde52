// Turns raw user input into search terms and safe FTS5 queries. User text never reaches MATCH:
// it is cut into letter/digit tokens here and each token is quoted, so quotes, operators
// (AND/OR/NOT/NEAR), `*`, `-`, parentheses and emoji are just text. Also the typo rules:
// edit distance and the choice of a correction. Pure.

export const MAX_QUERY_CHARS = 1000;
export const MAX_TERMS = 8;
const MAX_TERM_CHARS = 40;
/** Tokens shorter than this are never corrected ("in", "x", "led"). */
export const MIN_CORRECTABLE = 4;

/** Whether a term may be corrected: long enough, and no digits (sizes and models like 2x4, 12in, 20x24 are not typos). */
export const isCorrectable = (t: string): boolean => t.length >= MIN_CORRECTABLE && !/\d/.test(t);

export interface ParsedQuery {
  terms: string[];
  /** The input ends inside a word (search-as-you-type): the last term is also a prefix. */
  lastIsPrefix: boolean;
}

/**
 * A token mixing digits and letters ("2x4", "6in", "12x24x1") also stands for its runs ("2", "x",
 * "4"): catalogs write sizes both ways ("2 in. x 4 in."), and the index keeps "2x4" whole.
 */
const withRuns = (t: string): string[] => {
  if (!/\p{N}/u.test(t) || !/\p{L}/u.test(t)) return [t];
  return [t, ...(t.match(/\p{N}+|\p{L}+/gu) ?? [])];
};

export const parseQuery = (raw: string | undefined): ParsedQuery => {
  const text = (raw ?? "").normalize("NFKC").toLowerCase().slice(0, MAX_QUERY_CHARS);
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const tokens = words.flatMap(withRuns);
  const terms = [...new Set(tokens.map((t) => t.slice(0, MAX_TERM_CHARS)))].slice(0, MAX_TERMS);
  // A size being typed ("6in") is whole already: only a plain word is widened.
  const lastRaw = words[words.length - 1] ?? "";
  return { terms, lastIsPrefix: terms.length > 0 && /[\p{L}\p{N}]$/u.test(text) && !/\p{N}/u.test(lastRaw) };
};

/** `t` as an FTS5 string: tokens contain only letters and digits, so quoting is all it needs. */
const quoted = (t: string) => `"${t}"`;

/** A trailing word shorter than this is taken as unfinished ("cake st"); a longer one as a word. */
export const PREFIX_BELOW = 4;

/**
 * Any term may match (bm25 ranks documents with more, and rarer, terms first). A short last
 * word the shopper is still typing matches as a prefix instead ("cake st" finds "cake stand");
 * a whole word is not widened (a misspelt one is corrected instead).
 */
export const ftsQuery = (q: ParsedQuery): string | null => {
  if (q.terms.length === 0) return null;
  const last = q.terms.length - 1;
  return q.terms
    .map((t, i) => (i === last && q.lastIsPrefix && t.length >= 2 && t.length < PREFIX_BELOW && !/^\d+$/.test(t) ? `${quoted(t)}*` : quoted(t)))
    .join(" OR ");
};

/** Title-only prefix query for suggestions: every term, the last as a prefix. */
export const suggestQuery = (q: ParsedQuery): string | null => {
  if (q.terms.length === 0) return null;
  const parts = q.terms.map((t, i) => (i === q.terms.length - 1 ? `${quoted(t)}*` : quoted(t)));
  return `title : (${parts.join(" AND ")})`;
};

/** The trigram query that finds titles sharing pieces of a (misspelt or partial) term. */
export const trigramQuery = (term: string): string | null => {
  if (term.length < 3) return null;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= term.length; i++) grams.add(term.slice(i, i + 3));
  return [quoted(term), ...[...grams].map(quoted)].join(" OR ");
};

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), capped at `max + 1`. */
export const editDistance = (a: string, b: string, max = 3): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
};

/** How many edits a term of this length may need: 1 up to 5 letters, else 2. */
export const allowedEdits = (term: string): number => (term.length <= 5 ? 1 : 2);

export interface Candidate {
  word: string;
  /** Documents (or titles) it occurs in: the tie-breaker. */
  freq: number;
}

/**
 * The correction for a term no document contains: a word containing it (a partial word),
 * else the nearest word within the allowed edits; ties go to the more frequent word.
 */
export const chooseCorrection = (term: string, candidates: readonly Candidate[]): string | null => {
  let best: { word: string; cost: number; freq: number } | null = null;
  for (const c of candidates) {
    if (c.word === term || !/^[\p{L}\p{N}]+$/u.test(c.word)) continue;
    const edits = c.word.includes(term) && term.length >= 3 ? 0.5 : editDistance(term, c.word, 2);
    if (edits > allowedEdits(term)) continue;
    // Typos rarely hit the first letter: between equally near words, keep the one that shares it.
    const cost = edits + (c.word[0] === term[0] ? 0 : 0.25);
    if (!best || cost < best.cost || (cost === best.cost && c.freq > best.freq)) best = { word: c.word, cost, freq: c.freq };
  }
  return best?.word ?? null;
};

/** Words of a title as the index sees them (lower case, letters and digits). */
export const titleWords = (title: string): string[] => title.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
