// Typo correction measured on the demo catalog: a table of common misspellings (swapped,
// dropped, doubled letters and spellings by ear) of its title words, each run through the
// vocabulary lookup rules (correctionRanges) and the chooser over the catalog's real title
// vocabulary. The figures go to the console; the test holds them above a floor.
import { describe, expect, it } from "vitest";
import { chooseCorrection, correctionRanges, type Candidate, type VocabRange } from "../../../workers/search/query";
import { MISSPELLINGS, type SlipKind } from "./misspellings";
import { RETAIL_TITLE_WORDS } from "./retail-title-words";

const vocabulary: Candidate[] = [...RETAIL_TITLE_WORDS].map(([word, freq]) => ({ word, freq }));
const inRange = (w: string, r: VocabRange) =>
  w >= r.from && w < r.to && w.length >= r.minLength && w.length <= r.maxLength && (!r.tails || r.tails.includes(w.slice(2)));
/** What the repository's vocabulary lookups return for a term (the trigram lookup aside). */
const lookup = (term: string) => {
  const ranges = correctionRanges(term);
  return vocabulary.filter((c) => ranges.some((r) => inRange(c.word, r)));
};

describe("typo correction over the demo catalog's vocabulary", () => {
  it("the table is sound: every typed word is unknown and every meant word a title word", () => {
    for (const rows of Object.values(MISSPELLINGS)) {
      for (const [typed, meant] of rows) {
        expect(RETAIL_TITLE_WORDS.has(typed), typed).toBe(false);
        expect(RETAIL_TITLE_WORDS.has(meant), meant).toBe(true);
      }
    }
  });

  it("corrects at least 95 % of the common misspellings, and at least 85 % of each kind", () => {
    const score = Object.fromEntries(
      Object.entries(MISSPELLINGS).map(([kind, rows]) => {
        const wrong = rows.filter(([typed, meant]) => chooseCorrection(typed, lookup(typed)) !== meant);
        return [
          kind,
          { right: rows.length - wrong.length, of: rows.length, wrong: wrong.map(([t]) => `${t}→${chooseCorrection(t, lookup(t))}`) },
        ];
      }),
    ) as Record<SlipKind, { right: number; of: number; wrong: string[] }>;
    const right = Object.values(score).reduce((n, s) => n + s.right, 0);
    const of = Object.values(score).reduce((n, s) => n + s.of, 0);
    console.info(`typo table: ${right}/${of}`, JSON.stringify(score));
    for (const [kind, s] of Object.entries(score)) expect(s.right / s.of, `${kind}: ${s.wrong.join(", ")}`).toBeGreaterThanOrEqual(0.85);
    expect(right / of).toBeGreaterThanOrEqual(0.95);
  });

  it("takes a word one edit away over a longer word the typo begins, unless it is the word being typed", () => {
    expect(chooseCorrection("candel", lookup("candel"))).toBe("candle");
    expect(lookup("candel").map((c) => c.word)).toContain("candelabra");
    expect(chooseCorrection("lante", lookup("lante"), { partial: true })).toBe("lantern");
  });
});
