// The demo import's category rule: ordered first-match keywords over whole words.
import { describe, expect, it } from "vitest";
import { categorise, DEFAULT_CATEGORY, RETAIL_CATEGORY_SLUGS } from "../../../workers/demo-data/categorise";
import { SAMPLE_CSV } from "./retail-sample";

describe("categorise", () => {
  it("matches whole words only", () => {
    expect(categorise("JUMBO BAG RED RETROSPOT")).toBe("bags-accessories");
    expect(categorise("FRENCH BAGUETTE")).toBe(DEFAULT_CATEGORY); // BAG is not a prefix match
    expect(categorise("SCARFACE POSTER")).toBe(DEFAULT_CATEGORY); // nor SCARF
  });

  it("matches plurals and phrases written with punctuation", () => {
    expect(categorise("SET OF 3 CAKE TINS PANTRY DESIGN")).toBe("kitchen-dining");
    expect(categorise("WHITE HANGING HEART T-LIGHT HOLDER")).toBe("candles-lighting");
    expect(categorise("CHILDREN'S APRON DOLLY GIRL")).toBe("kitchen-dining");
  });

  it("takes the first rule that matches, so a holiday outranks what the thing is", () => {
    expect(categorise("CHRISTMAS CANDLE")).toBe("party-seasonal");
    expect(categorise("CANDLE")).toBe("candles-lighting");
    // "BIRTHDAY CARD" is a card (stationery) although BIRTHDAY alone means party.
    expect(categorise("FANCY FONT BIRTHDAY CARD")).toBe("stationery-gift-wrap");
    expect(categorise("HAPPY BIRTHDAY BANNER")).toBe("party-seasonal");
    // Phrases run first: a key ring is not jewellery, a hot water bottle is not a kitchen bottle.
    expect(categorise('LETTER "D" BLING KEY RING')).toBe("bags-accessories");
    expect(categorise("KNITTED UNION FLAG HOT WATER BOTTLE")).toBe("bath-beauty");
  });

  it("falls back to gifts & novelties", () => {
    expect(categorise("ASSORTED CHEESE FRIDGE MAGNETS")).toBe("gifts-novelties");
    expect(categorise("")).toBe("gifts-novelties");
  });

  it("only produces the slugs it lists, for every description in the sample", () => {
    const descriptions = SAMPLE_CSV.split("\n").map((l) => l.split(",")[2] ?? "");
    for (const d of descriptions) expect(RETAIL_CATEGORY_SLUGS).toContain(categorise(d));
  });
});
