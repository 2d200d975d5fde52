// Deterministic fake products for scale tests: product i of seed s is always the same, so runs
// are repeatable and a partial run can be resumed. Pure: the randomness is a seeded PRNG.

export const SYNTHETIC_SELLER_ID = "sel_synthetic_demo";
export const SYNTHETIC_SELLER_NAME = "Synthetic Demo Store";
/** Synthetic catalog "opened" on 2012-01-01, one product a minute: fixed, so reruns match. */
export const SYNTHETIC_EPOCH = Date.UTC(2012, 0, 1);
export const MAX_SYNTHETIC_PRODUCTS = 9_999_999; // ids are SYN + 7 digits

export type SyntheticProduct = {
  id: string;
  title: string;
  priceMinor: number;
  currency: "GBP";
  category: string;
  primeEligible: boolean;
  createdAt: number;
};

type Kind = {
  category: string;
  /** Pence, inclusive. */
  price: readonly [number, number];
  /** Title parts; one word from each list, joined by spaces. */
  parts: readonly (readonly string[])[];
};

const COLOURS = ["Black", "White", "Navy", "Graphite", "Olive", "Red", "Oatmeal", "Silver", "Teal"];
const KINDS: readonly Kind[] = [
  {
    category: "electronics",
    price: [999, 29_999],
    parts: [
      ["Voltra", "Nimbus", "Kestrel", "Auralis", "Pixelon", "Zentek", "Lumio"],
      [
        "Wireless Earbuds",
        "Bluetooth Speaker",
        "USB-C Charger 65W",
        "Smart Watch",
        "Noise-Cancelling Headphones",
        "Power Bank 20000mAh",
        "4K Webcam",
        "Mechanical Keyboard",
        "Wireless Mouse",
        "Action Camera",
        "E-Reader",
        "Smart Plug",
        "Dash Cam",
        "Portable SSD 1TB",
      ],
      COLOURS,
    ],
  },
  {
    category: "books",
    price: [499, 2_999],
    parts: [
      ["The Silent", "The Hidden", "The Last", "The Golden", "The Broken", "The Winter", "The Crimson", "The Northern"],
      ["Harbour", "Garden", "Orchard", "Lighthouse", "Archive", "Compass", "River", "Atlas", "Kingdom", "Letters"],
      ["(Paperback)", "(Hardback)", "- A Novel", "- Second Edition", "- Illustrated Edition", "- Field Guide"],
    ],
  },
  {
    category: "clothing",
    price: [799, 8_999],
    parts: [
      ["Fernhill", "Northway", "Loom & Co.", "Maple Moss", "Harbourline"],
      [
        "Cotton T-Shirt",
        "Merino Jumper",
        "Denim Jacket",
        "Linen Shirt",
        "Rain Mac",
        "Chino Trousers",
        "Hoodie",
        "Ankle Socks 5-Pack",
        "Fleece Gilet",
      ],
      COLOURS,
      ["S", "M", "L", "XL"],
    ],
  },
  {
    category: "sports-outdoors",
    price: [599, 19_999],
    parts: [
      ["Summit", "Ridgeline", "Pace", "Outbound", "Tidewater"],
      [
        "Yoga Mat",
        "Trail Running Shoes",
        "Camping Stove",
        "2-Person Tent",
        "Insulated Water Bottle",
        "Resistance Bands Set",
        "Cycling Gloves",
        "Hiking Backpack 30L",
        "Foam Roller",
        "Size 5 Football",
      ],
      COLOURS,
    ],
  },
  {
    category: "kitchen-dining",
    price: [399, 4_999],
    parts: [
      ["Stoneware", "Enamel", "Bamboo", "Cast Iron", "Glass"],
      ["Mixing Bowl", "Casserole Dish", "Serving Platter", "Coffee Mug Set", "Chopping Board", "Teapot"],
      COLOURS,
    ],
  },
  {
    category: "toys-games",
    price: [499, 3_999],
    parts: [
      ["Wooden", "Magnetic", "Pocket", "Family", "Classic"],
      ["Building Blocks", "Train Set", "Puzzle 500 Pieces", "Card Game", "Marble Run", "Dominoes"],
    ],
  },
];

/** SplitMix32-style hash of (seed, index): independent streams per product. */
const mix = (seed: number, index: number): number => {
  let h = (seed ^ Math.imul(index, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};

/** Mulberry32: small, fast, good enough for demo data (not for anything secret). */
const prng = (state: number) => () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** The index-th (1-based) synthetic product of `seed`. */
export const syntheticProduct = (seed: number, index: number): SyntheticProduct => {
  const rand = prng(mix(seed, index));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const kind = pick(KINDS);
  const [min, max] = kind.price;
  const raw = min + Math.floor(rand() * (max - min + 1));
  return {
    id: `SYN${String(index).padStart(7, "0")}`,
    title: kind.parts.map(pick).join(" "),
    priceMinor: Math.max(min, Math.floor(raw / 100) * 100 + 99), // shop prices end in .99
    currency: "GBP",
    category: kind.category,
    primeEligible: rand() < 0.4,
    createdAt: SYNTHETIC_EPOCH + index * 60_000,
  };
};

export function* syntheticProducts(seed: number, n: number): Generator<SyntheticProduct> {
  for (let i = 1; i <= n; i++) yield syntheticProduct(seed, i);
}
