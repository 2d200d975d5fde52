// Common misspellings of words in the demo catalog's titles, each with the word meant, in the
// four kinds the typo issue names: two letters swapped, a letter dropped, a letter doubled, and
// spelt by sound. The typed word is never itself a title word (it would not be corrected).
export type SlipKind = "swapped" | "dropped" | "doubled" | "phonetic";

export const MISSPELLINGS: Record<SlipKind, readonly (readonly [typed: string, meant: string])[]> = {
  swapped: [
    ["cnadle", "candle"], ["candel", "candle"], ["lanetrn", "lantern"], ["haert", "heart"], ["chirstmas", "christmas"],
    ["vintgae", "vintage"], ["galss", "glass"], ["neckalce", "necklace"], ["hanigng", "hanging"], ["wodoen", "wooden"],
    ["bracelte", "bracelet"], ["hodler", "holder"], ["ligth", "light"], ["metla", "metal"], ["cushoin", "cushion"],
    ["mirorr", "mirror"], ["flwoer", "flower"], ["decoartion", "decoration"], ["retorspot", "retrospot"], ["paepr", "paper"],
  ],
  dropped: [
    ["holdr", "holder"], ["lantrn", "lantern"], ["hlder", "holder"], ["christms", "christmas"], ["vintge", "vintage"],
    ["necklce", "necklace"], ["bracelt", "bracelet"], ["earings", "earrings"], ["hangng", "hanging"], ["gardn", "garden"],
    ["cushon", "cushion"], ["decoraton", "decoration"], ["mirrr", "mirror"], ["flwer", "flower"], ["cndle", "candle"],
    ["silvr", "silver"], ["cutlry", "cutlery"], ["wreth", "wreath"], ["doormt", "doormat"], ["glas", "glass"],
  ],
  doubled: [
    ["canddle", "candle"], ["heartt", "heart"], ["lanttern", "lantern"], ["vinttage", "vintage"], ["glasss", "glass"],
    ["hollder", "holder"], ["christtmas", "christmas"], ["gardden", "garden"], ["mugg", "mug"], ["necklacce", "necklace"],
    ["cakke", "cake"], ["woodden", "wooden"], ["bowll", "bowl"], ["clockk", "clock"], ["pinnk", "pink"],
    ["silverr", "silver"], ["papper", "paper"], ["feathher", "feather"], ["trinkett", "trinket"], ["boxx", "box"],
  ],
  phonetic: [
    ["lite", "light"], ["jewelery", "jewellery"], ["jewelry", "jewellery"], ["kandle", "candle"], ["cristmas", "christmas"],
    ["neklace", "necklace"], ["brasselet", "bracelet"], ["gray", "grey"], ["color", "colour"], ["kushion", "cushion"],
    ["cutlary", "cutlery"], ["sauser", "saucer"], ["foto", "photo"], ["mirrer", "mirror"], ["trinkit", "trinket"],
    ["pensil", "pencil"], ["biskit", "biscuit"], ["cozy", "cosy"], ["wreeth", "wreath"], ["lantren", "lantern"],
    ["vintaje", "vintage"], ["dekoration", "decoration"], ["kitchin", "kitchen"], ["nite", "night"],
  ],
};
