// Maps a gift-shop product description to one of the seeded category slugs
// (migrations/0001_seed_categories.sql) with an ordered, first-match keyword rule list.

export const RETAIL_CATEGORY_SLUGS = [
  "home-decor",
  "kitchen-dining",
  "candles-lighting",
  "bags-accessories",
  "jewellery",
  "stationery-gift-wrap",
  "party-seasonal",
  "toys-games",
  "garden-outdoor",
  "storage-organisation",
  "bath-beauty",
  "gifts-novelties",
] as const;
export type RetailCategorySlug = (typeof RETAIL_CATEGORY_SLUGS)[number];
export const DEFAULT_CATEGORY: RetailCategorySlug = "gifts-novelties";

/*
 * Rules, first match wins. A keyword matches whole words only ("BAG" does not match "BAGUETTE")
 * and also its plural with S or ES ("BAG" matches "BAGS", "BOX" matches "BOXES"); `+` joins
 * the words of a phrase. Apostrophes are dropped and other punctuation splits words, so
 * "T-LIGHT" is the phrase T+LIGHT and "CHILDREN'S" is CHILDRENS.
 *
 * | #  | category                | why it comes here                                            |
 * | 1  | (phrases, any category) | the phrase's last word would mislead a later rule: KEY+RING  |
 * | 2  | party-seasonal          | a holiday word outranks what the thing is: CHRISTMAS CANDLE  |
 * | 3  | candles-lighting        | "GLASS T-LIGHT HOLDER" is lighting, not kitchen or storage   |
 * | 4  | jewellery               | RING, NECKLACE, EARRINGS: before bags (a "BAG CHARM" phrase)  |
 * | 5  | bags-accessories        | BAG, PURSE, UMBRELLA, HAIR (clips, slides)                   |
 * | 6  | stationery-gift-wrap    | CARD, WRAP, PENCIL: "BIRTHDAY CARD" is a card, not a party   |
 * | 7  | party-seasonal          | what is left of parties: PARTY, BUNTING, BIRTHDAY, BALLOON   |
 * | 8  | toys-games              | TOY, GAME, JIGSAW, DOLL, FELTCRAFT kits                      |
 * | 9  | bath-beauty             | BATH, SOAP, TOWEL, TISSUES: before kitchen's JAR and BOTTLE  |
 * | 10 | kitchen-dining          | MUG, PLATE, CAKE: before storage, so "CAKE TIN" is kitchen   |
 * | 11 | garden-outdoor          | GARDEN, PLANT, PARASOL, BUCKET                               |
 * | 12 | storage-organisation    | BOX, TIN, BASKET, DRAWER, HOOK: containers of any material   |
 * | 13 | home-decor              | SIGN, CUSHION, FRAME, CLOCK ... HEART last: the broad tail   |
 * | -  | gifts-novelties         | default: magnets, badges, novelties nothing above names      |
 */
type Rule = readonly [RetailCategorySlug, ...string[]];
const RULES: readonly Rule[] = [
  // 1: phrases
  ["toys-games", "PLAYING+CARD SPINNING+TOP SKIPPING+ROPE DRAWING+SLATE BEAN+BAG"],
  [
    "kitchen-dining",
    "OVEN+GLOVE OVEN+MITT TEA+TOWEL LUNCH+BAG LUNCH+BOX NAPKIN+RING CAKE+CASE CAKE+TIN CAKE+STAND",
    "CAKESTAND BISCUIT+TIN PAPER+NAPKIN PAPER+PLATE PAPER+CUP TEA+BAG MILK+BOTTLE EGG+CUP EGG+COSY",
    "EGG+HOLDER COOKIE+CUTTER",
  ],
  ["bath-beauty", "HOT+WATER+BOTTLE WASH+BAG WASHBAG TOILETRY+BAG COSMETIC+BAG MAKE+UP+BAG HAND+WARMER", "POCKET+WARMER COTTON+WOOL"],
  ["stationery-gift-wrap", "GIFT+BAG PENCIL+CASE GIFT+TAG PHOTO+ALBUM TISSUE+PAPER"],
  ["garden-outdoor", "GARDEN+GLOVE WATERING+CAN BIRD+FEEDER BIRD+TABLE BIRD+HOUSE BIRDHOUSE"],
  [
    "bags-accessories",
    "KEY+RING KEYRING KEY+CHAIN KEY+FOB LUGGAGE+TAG PASSPORT+COVER BAG+CHARM RING+PURSE",
    "PHONE+CHARM HAIRSLIDE HAIR+SLIDE HAIR+CLIP",
  ],
  ["home-decor", "METAL+SIGN WALL+ART PHOTO+FRAME DOOR+SIGN DOOR+HANGER DRAWER+KNOB"],
  ["storage-organisation", "JEWELLERY+BOX TRINKET+BOX TRINKET+POT KEY+CABINET MAGAZINE+RACK"],
  // 2-13: single words, broadly
  [
    "party-seasonal",
    "CHRISTMAS XMAS ADVENT NATIVITY SANTA REINDEER SNOWMAN SNOWFLAKE TINSEL BAUBLE EASTER",
    "HALLOWEEN VALENTINE VALENTINES",
  ],
  [
    "candles-lighting",
    "CANDLE CANDLEPOT CANDLEHOLDER CANDLESTICK TEALIGHT T+LIGHT LIGHT NIGHTLIGHT LANTERN LAMP",
    "LAMPSHADE CHANDELIER INCENSE OIL+BURNER WICK LED",
  ],
  ["jewellery", "NECKLACE NECKL EARRING EARRINGS BRACELET BANGLE BROOCH PENDANT RING"],
  [
    "bags-accessories",
    "BAG HANDBAG PURSE WALLET TOTE SHOPPER BACKPACK RUCKSACK UMBRELLA HAIR HAIRCLIP HAIRBAND",
    "SCARF HAT GLOVE MITTEN SUNGLASSES PONCHO",
  ],
  [
    "stationery-gift-wrap",
    "CARD NOTECARD WRAP WRAPPING NOTEBOOK NOTEPAD NOTE JOURNAL DIARY CALENDAR PEN PENCIL CRAYON",
    "ERASER RUBBER SHARPENER RULER STICKER TAPE RIBBON ENVELOPE STATIONERY SKETCHBOOK SCRAPBOOK",
    "BOOKMARK CHALK MEMO INVITE INVITATION WRITING ORIGAMI STAMP",
  ],
  ["party-seasonal", "PARTY BUNTING BIRTHDAY BALLOON CONFETTI CRACKER GARLAND PAPER+CHAIN BANNER CELEBRATION WEDDING"],
  [
    "toys-games",
    "TOY GAME JIGSAW PUZZLE DOLL DOLLS MARBLES KITE YOYO DOMINO DOMINOES TEDDY PUPPET RATTLE",
    "BLOCKS ROBOT SOLDIER PLAYHOUSE DOLLHOUSE FELTCRAFT COLOURING INFLATABLE HELICOPTER BINGO",
    "SNAKES+LADDERS SKITTLES BUBBLES PIRATE SPACEBOY+BABY CHILDRENS+TEA+SET WHEELBARROW+FOR+CHILDREN",
  ],
  [
    "bath-beauty",
    "BATH BATHROOM SOAP TOWEL FLANNEL SPONGE LIP+GLOSS LIPGLOSS NAIL MAKEUP MAKE+UP COSMETIC",
    "TOILETRY SHOWER TOOTHBRUSH PERFUME HAND+CREAM LOTION TISSUE TISSUES PLASTERS COMPACT+MIRROR",
  ],
  [
    "kitchen-dining",
    "MUG CUP TEACUP SAUCER PLATE BOWL TEAPOT TEA COFFEE CAKE CUPCAKE CUTLERY SPOON FORK KNIFE",
    "KNIVES NAPKIN COASTER PLACEMAT TRAY JUG BEAKER TUMBLER BOTTLE APRON BAKING BAKE MOULD JAM",
    "KITCHEN PANTRY DINNER BREAKFAST LUNCH SNACK PICNIC RECIPE CHOPPING+BOARD CHOPSTICKS PAN",
    "SIEVE COLANDER WHISK MEASURING STRAWS DISH BISCUIT SUGAR FOOD TOAST BREAD BUTTER MILK WINE",
    "COCKTAIL GLASSES JAR DOILY DOILIES LADLE TEATIME CAFETIERE GRATER",
  ],
  [
    "garden-outdoor",
    "GARDEN PLANT PLANTER FLOWERPOT FLOWER+POT POTTING SEED FEEDER GNOME TROWEL HAMMOCK",
    "WINDMILL OUTDOOR GREENHOUSE BBQ BARBECUE PARASOL BUCKET SPADE PATIO WATERING HERB",
  ],
  [
    "storage-organisation",
    "STORAGE BOX TIN BASKET DRAWER CABINET SHELF SHELVES RACK ORGANISER TIDY CRATE CHEST TRUNK",
    "HAMPER BIN CONTAINER PEG HOOK HANGER CASE",
  ],
  [
    "home-decor",
    "SIGN PLAQUE CUSHION FRAME PHOTOFRAME PHOTO PICTURE MIRROR CLOCK DOORSTOP DOORMAT WALL ART",
    "DECORATION ORNAMENT VASE THROW QUILT BLANKET CURTAIN TILE KNOB DOORBELL MOBILE WREATH",
    "FIGURE FIGURINE STATUE CHIME LETTERS FEATHER BIRDCAGE CANVAS TABLE CHAIR STOOL HANGING FLAG",
    "PENNANT FLOWER BLACKBOARD MEMOBOARD CLOCHE HEART",
  ],
];

/** Each rule compiled once into the padded phrases it accepts, plurals included. */
const COMPILED: readonly (readonly [RetailCategorySlug, readonly string[]])[] = RULES.map(([slug, ...keywords]) => [
  slug,
  keywords
    .join(" ")
    .split(/\s+/)
    .flatMap((k) => {
      const phrase = k.replaceAll("+", " ");
      return [phrase, `${phrase}S`, `${phrase}ES`];
    })
    .map((p) => ` ${p} `),
]);

/** Upper case, apostrophes dropped, every other non-alphanumeric run a single space, padded. */
const words = (description: string): string =>
  ` ${description
    .toUpperCase()
    .replace(/['’]/g, "")
    .replace(/[^A-Z0-9]+/g, " ")
    .trim()} `;

export const categorise = (description: string): RetailCategorySlug => {
  const text = words(description);
  for (const [slug, phrases] of COMPILED) {
    if (phrases.some((p) => text.includes(p))) return slug;
  }
  return DEFAULT_CATEGORY;
};
