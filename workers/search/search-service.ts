// A search end to end: parse the input, run the batch, and when a typed word matches nothing,
// look for what was meant (a partial word or a near spelling) and search again with it.
import { chooseCorrection, ftsQuery, isCorrectable, parseQuery, type ParsedQuery } from "./query";
import type { SortKey } from "./ranking";
import { correctionCandidates, runSearch, type SearchFilters, type SearchPage } from "./search.repo";

export interface SearchInput {
  q?: string;
  filters: SearchFilters;
  sort: SortKey;
  offset: number;
  limit: number;
  /** Also count the total and facets (see runSearch). */
  summary: boolean;
}

export interface SearchOutcome extends SearchPage {
  /** The query actually run when a word was corrected, else null. */
  correctedQuery: string | null;
}

export const search = async (db: D1Database, input: SearchInput): Promise<SearchOutcome> => {
  const parsed = parseQuery(input.q);
  const run = (p: ParsedQuery, check: boolean) =>
    runSearch(db, {
      match: ftsQuery(p),
      filters: input.filters,
      sort: input.sort,
      offset: input.offset,
      limit: input.limit,
      summary: input.summary,
      checkTerms: check ? p.terms.filter(isCorrectable) : [],
    });
  const first = await run(parsed, true);
  const checked = parsed.terms.filter(isCorrectable);
  const unknown = checked.filter((_, i) => first.termCounts[i] === 0);
  if (unknown.length === 0) return { ...first, correctedQuery: null };
  const candidates = await correctionCandidates(db, unknown);
  const typing = parsed.lastIsPrefix ? parsed.terms[parsed.terms.length - 1] : undefined;
  const fixes = new Map(unknown.map((t, i) => [t, chooseCorrection(t, candidates[i] ?? [], { partial: t === typing })] as const));
  if ([...fixes.values()].every((f) => f === null)) return { ...first, correctedQuery: null };
  const terms = parsed.terms.map((t) => fixes.get(t) ?? t);
  const corrected: ParsedQuery = {
    terms: [...new Set(terms)],
    lastIsPrefix: parsed.lastIsPrefix && !fixes.get(parsed.terms[parsed.terms.length - 1]!),
  };
  const second = await run(corrected, false);
  return { ...second, termCounts: first.termCounts, correctedQuery: corrected.terms.join(" ") };
};
