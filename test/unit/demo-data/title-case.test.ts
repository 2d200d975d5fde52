// Product titles from the data's upper-case descriptions.
import { describe, expect, it } from "vitest";
import { titleCase } from "../../../workers/demo-data/title-case";

describe("titleCase", () => {
  it("capitalises each word and each part of a hyphenated or slashed word", () => {
    expect(titleCase("WHITE HANGING HEART T-LIGHT HOLDER")).toBe("White Hanging Heart T-Light Holder");
    expect(titleCase("PINK/WHITE SPOTTY BOWL")).toBe("Pink/White Spotty Bowl");
  });

  it("keeps sizes, counts and codes as written", () => {
    expect(titleCase("POLYESTER FILLER PAD 45x45cm")).toBe("Polyester Filler Pad 45x45cm");
    expect(titleCase("SET/4 BADGES S/3 3D")).toBe("Set/4 Badges S/3 3D");
    expect(titleCase("BAG 500g SWIRLY MARBLES")).toBe("Bag 500g Swirly Marbles");
  });

  it("keeps small words lower case except first, and abbreviations upper case", () => {
    expect(titleCase("SET OF 3 CAKE TINS")).toBe("Set of 3 Cake Tins");
    expect(titleCase("THE KING GIFT BAG")).toBe("The King Gift Bag");
    expect(titleCase("UNION JACK LED LIGHTS")).toBe("Union Jack LED Lights");
  });

  it("handles apostrophes, quotes and stray punctuation", () => {
    expect(titleCase("CHILDREN'S APRON")).toBe("Children's Apron");
    expect(titleCase('LETTER "D" BLING KEY RING')).toBe('Letter "D" Bling Key Ring');
    expect(titleCase("FANCY FONT BIRTHDAY CARD, ")).toBe("Fancy Font Birthday Card");
    expect(titleCase("PAPER CRAFT , LITTLE BIRDIE")).toBe("Paper Craft, Little Birdie");
  });
});
