// Turns raw user input into search terms and safe FTS5 queries. User text never reaches MATCH:
// it is cut into letter/digit tokens here and each token is quoted, so quotes, operators
// (AND/OR/NOT/NEAR), `*`, `-`, parentheses and emoji are just text. Also the typo rules: edit
// distance, sound-alike spelling, where in the vocabulary to look, and the choice of a
// correction. Pure.

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
    .map((t, i) =>
      i === last && q.lastIsPrefix && t.length >= 2 && t.length < PREFIX_BELOW && !/^\d+$/.test(t) ? `${quoted(t)}*` : quoted(t),
    )
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

// A rough sound-alike spelling (English, after the index folded case and accents): letters that
// sound alike become one letter, doubled letters one, and a silent final e goes. Shoppers spell
// by ear ("kandle", "lite", "jewelery", "foto"), which plain edits rate as far as any other word.
const SOUND_RULES: readonly [RegExp, string][] = [
  [/^kn/, "n"],
  [/^wr/, "r"],
  [/^wh/, "w"],
  [/^ps/, "s"],
  [/ph/g, "f"],
  [/chr/g, "kr"],
  [/tch/g, "ch"],
  [/igh/g, "i"],
  [/ck/g, "k"],
  [/q/g, "k"],
  [/x/g, "ks"],
  [/c(?=[eiy])/g, "s"],
  [/c/g, "k"],
  [/z/g, "s"],
  [/y/g, "i"],
  [/(.)\1+/g, "$1"],
  [/([aeiou][^aeiou])e$/, "$1"],
];
export const soundKey = (w: string): string => SOUND_RULES.reduce((s, [re, to]) => s.replace(re, to), w);

/** Letters that begin the same sounds, for typos in the first letter ("kandle", "foto"). */
const SOUND_ALIKE_STARTS: Readonly<Record<string, readonly string[]>> = {
  c: ["k", "s", "ch"],
  k: ["c", "ch", "kn"],
  s: ["c", "ps"],
  f: ["ph"],
  p: ["f"],
  j: ["g"],
  g: ["j"],
  z: ["s"],
  n: ["kn"],
  r: ["wr"],
  w: ["wh"],
};

export interface VocabRange {
  /** Words from `from` (inclusive) to `to` (exclusive)... */
  from: string;
  to: string;
  /** ...of this many letters... */
  minLength: number;
  maxLength: number;
  /** ...and, when given, going on after their first two letters with one of these two. */
  tails?: readonly [string, string];
}
const startingWith = (prefix: string, minLength: number, maxLength: number, tails?: readonly [string, string]): VocabRange => {
  const chars = [...prefix];
  const next = String.fromCodePoint(chars.pop()!.codePointAt(0)! + 1);
  return { from: prefix, to: chars.join("") + next, minLength, maxLength, ...(tails ? { tails } : {}) };
};

/**
 * Where in the (sorted) vocabulary a misspelt term's candidates lie, so each lookup is a range
 * scan, not a scan of every word: words of a similar length that begin with its first two
 * letters, or with the letters a slip there leaves out ("cnadle" swapped, "xcandle" and "cxandle"
 * with one too many, "kandle" and "foto" misheard); words beginning with its first letter whose
 * second was dropped or mistyped ("cndle", "cendle"); and the longer words it begins (a partial
 * word). A slip in the very first letter that sounds like nothing else ("dandle") has no range:
 * the title trigram lookup is the way to those.
 */
export const correctionRanges = (term: string): VocabRange[] => {
  const letters = [...term];
  const [a = "", b = "", c = ""] = letters;
  const lo = letters.length - 2;
  const hi = letters.length + 2;
  const heads = new Set([
    a + b,
    a + c,
    b + a,
    b + c,
    ...(SOUND_ALIKE_STARTS[a] ?? []).map((s) => s + b),
    ...(a + b === "ph" ? [`f${c}`] : []),
  ]);
  return [
    ...[...heads].filter((h) => [...h].length >= 2).map((h) => startingWith(h, lo, hi)),
    startingWith(a, lo + 1, hi - 1, [letters.slice(1).join(""), letters.slice(2).join("")]),
    startingWith(term, letters.length + 1, MAX_TERM_CHARS),
  ];
};

export interface Candidate {
  word: string;
  /** Documents (or titles) it occurs in: the tie-breaker. */
  freq: number;
}

/**
 * How far a word is from what was typed, in edits: the optimal string alignment distance, or,
 * when it is smaller, the distance between their sound-alike spellings plus half an edit and a
 * quarter for each plain edit beyond the first. So a word that sounds the same is half an edit
 * away ("kandle" → "candle"), a whole one at most ("lite" → "light"), and of two words that
 * sound alike the one spelt nearer wins ("glazee" → "glaze", not "glass").
 */
export const spellingEdits = (term: string, word: string): number => {
  const edits = editDistance(term, word, 2);
  return Math.min(edits, editDistance(soundKey(term), soundKey(word), 2) + 0.5 + 0.25 * (edits - 1));
};

/** A word completing a partial term costs this much: more than one edit, less than two. */
const COMPLETION_COST = 1.5;

/**
 * The correction for a term no document contains. The nearest word within the allowed edits
 * wins, the more frequent between equally near words: "candel" is "candle" (one swap), not
 * "candelabra". A word the term begins ("lante" → "lantern"), else one containing it ("ntern" →
 * "lantern"), is a completion: taken when no word is near, or, for the word still being typed
 * (`partial`), when none is within one edit.
 */
export const chooseCorrection = (term: string, candidates: readonly Candidate[], opts: { partial?: boolean } = {}): string | null => {
  type Scored = { word: string; cost: number; freq: number };
  const better = (x: Scored, y: Scored | null) =>
    !y || x.cost < y.cost || (x.cost === y.cost && (x.freq > y.freq || (x.freq === y.freq && x.word < y.word)));
  let near: Scored | null = null;
  let completion: Scored | null = null;
  for (const c of candidates) {
    if (c.word === term || !/^[\p{L}\p{N}]+$/u.test(c.word)) continue;
    const edits = spellingEdits(term, c.word);
    if (edits <= allowedEdits(term)) {
      // Typos rarely hit the first letter: between equally near words, keep the one that shares
      // it; and a word the term is part of was likely typed short ("tand" → "stand", not "and").
      const cost = edits + (c.word[0] === term[0] ? 0 : 0.25) - (c.word.includes(term) ? 0.1 : 0);
      const s = { word: c.word, cost, freq: c.freq };
      if (better(s, near)) near = s;
    } else if (c.word.length > term.length && c.word.includes(term)) {
      const s = { word: c.word, cost: COMPLETION_COST + (c.word.startsWith(term) ? 0 : 0.25), freq: c.freq };
      if (better(s, completion)) completion = s;
    }
  }
  if (!completion) return near?.word ?? null;
  if (!near) return completion.word;
  return opts.partial && completion.cost < near.cost ? completion.word : near.word;
};

/** Words of a title as the index sees them (lower case, letters and digits). */
export const titleWords = (title: string): string[] =>
  title
    .normalize("NFKC")
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];
