// The catalog file parser: TSV with a header and JSONL, per-row validation with skip counts,
// exact prices, and category resolution (slug, name, else from the title).
import { describe, expect, it } from "vitest";
import {
  attributesJson,
  catalogFormat,
  createCatalogReader,
  priceToMinor,
  type CatalogProduct,
  type Category,
} from "../../../workers/catalog-import/catalog-file";

const CATEGORIES: Category[] = [
  { slug: "home-decor", name: "Home Décor" },
  { slug: "kitchen-dining", name: "Kitchen & Dining" },
  { slug: "candles-lighting", name: "Candles & Lighting" },
  { slug: "gifts-novelties", name: "Gifts & Novelties" },
  { slug: "electronics", name: "Electronics" },
];

const readAll = (format: "tsv" | "jsonl", lines: string[]) => {
  const reader = createCatalogReader(format, CATEGORIES);
  const products = lines.map((l) => reader.push(l)).filter((p): p is CatalogProduct => p !== null);
  return { products, summary: reader.summary() };
};

describe("priceToMinor", () => {
  it("converts major units exactly, without float error", () => {
    expect(priceToMinor("12.99")).toBe(1299);
    expect(priceToMinor("0.29")).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(priceToMinor("12.9")).toBe(1290);
    expect(priceToMinor("7")).toBe(700);
    expect(priceToMinor(19.99)).toBe(1999);
    expect(priceToMinor(" 4.10 ")).toBe(410);
  });

  it("rejects what is not a plain non-negative amount with at most 2 decimals", () => {
    for (const bad of ["12.999", "-1", "£3", "1,50", "abc", "1e3", "", "10000000.01"]) expect(priceToMinor(bad)).toBeNull();
    expect(priceToMinor(Number.NaN)).toBeNull();
    expect(priceToMinor(1e21)).toBeNull();
  });
});

describe("attributesJson", () => {
  it("accepts a JSON object of strings, numbers and booleans (as text or object)", () => {
    expect(attributesJson('{"colour":"red","height_cm":16,"boxed":true}')).toBe('{"colour":"red","height_cm":16,"boxed":true}');
    expect(attributesJson({ size: "M" })).toBe('{"size":"M"}');
    expect(attributesJson("")).toBe("{}");
    expect(attributesJson(undefined)).toBe("{}");
  });

  it("rejects arrays, nested values, bad names and bad JSON", () => {
    for (const bad of ["[1]", '{"a":{"b":1}}', '{"bad.name":1}', "{oops", '"text"', '{"a":null}']) expect(attributesJson(bad)).toBeNull();
  });
});

describe("catalogFormat", () => {
  it("goes by the extension, .gz allowed", () => {
    expect(catalogFormat("shop.tsv")).toBe("tsv");
    expect(catalogFormat("shop.TSV.gz")).toBe("tsv");
    expect(catalogFormat("shop.jsonl.gz")).toBe("jsonl");
    expect(() => catalogFormat("shop.csv")).toThrow(/\.tsv or \.jsonl/);
  });
});

describe("createCatalogReader: TSV", () => {
  it("reads columns by header name, in any order, with optional columns absent", () => {
    const { products, summary } = readAll("tsv", ["title\tid\tprice\tbrand", "Brass lantern\tL-1\t12.50\tAcme", "Oak stool\tS_2\t\tAcme"]);
    expect(products).toEqual([
      {
        id: "L-1",
        title: "Brass lantern",
        description: "",
        priceMinor: 1250,
        currency: "GBP",
        category: "candles-lighting",
        attributes: "{}",
      },
      { id: "S_2", title: "Oak stool", description: "", priceMinor: 0, currency: "GBP", category: "home-decor", attributes: "{}" },
    ]);
    expect(summary).toMatchObject({ rows: 2, products: 2, unpriced: 1, categoryFromTitle: 2, ignoredColumns: ["brand"], skipped: {} });
  });

  it("takes a category slug or name (any case, accents and & optional); else derives it from the title", () => {
    const { products, summary } = readAll("tsv", [
      "id\ttitle\tcategory",
      "a\tThing\tkitchen-dining",
      "b\tThing\tHOME DECOR",
      "c\tThing\tKitchen and Dining",
      "d\tCandle in a jar\tGadgets",
      "e\tWidget\t",
    ]);
    expect(products.map((p) => p.category)).toEqual([
      "kitchen-dining",
      "home-decor",
      "kitchen-dining",
      "candles-lighting",
      "gifts-novelties",
    ]);
    expect(summary.categoryFromTitle).toBe(2);
  });

  it("skips bad rows by reason and keeps the first of duplicate ids", () => {
    const { products, summary } = readAll("tsv", [
      "id\ttitle\tprice\tattributes\tcurrency",
      "ok-1\tFirst\t1.00\t\t",
      "ok-1\tAgain\t2.00\t\t",
      "bad id\tSpace in id\t1\t\t",
      `${"x".repeat(33)}\tToo long id\t1\t\t`,
      "t1\t   \t1\t\t",
      `t2\t${"y".repeat(201)}\t1\t\t`,
      "p1\tPriced badly\t1.999\t\t",
      "a1\tBad attributes\t1\t[1]\t",
      "c1\tBad currency\t1\t\tJPY",
      "x1\tToo\tmany\tfields\there\tand more",
      "",
      "u1\tIn dollars\t3\t\tusd",
    ]);
    expect(products.map((p) => [p.id, p.title, p.currency])).toEqual([
      ["ok-1", "First", "GBP"],
      ["u1", "In dollars", "USD"],
    ]);
    expect(summary.rows).toBe(11);
    expect(summary.skipped).toEqual({
      duplicate_id: 1,
      bad_id: 2,
      missing_title: 1,
      title_too_long: 1,
      bad_price: 1,
      bad_attributes: 1,
      bad_currency: 1,
      bad_line: 1,
    });
  });

  it("needs id and title columns; tolerates CRLF and a byte-order mark", () => {
    expect(() => readAll("tsv", ["sku\tname"])).toThrow(/'id' column/);
    const { products } = readAll("tsv", ["\uFEFFID\tTitle\r", "k1\tKettle  with spaces\r"]);
    expect(products[0]).toMatchObject({ id: "k1", title: "Kettle with spaces" });
  });
});

describe("createCatalogReader: JSONL", () => {
  it("reads objects per line, numbers or text for price and id, attributes as an object", () => {
    const { products, summary } = readAll("jsonl", [
      JSON.stringify({ id: 100001, title: "Angle bracket", price: 3.1, attributes: { gauge: 12 }, description: "Steel." }),
      JSON.stringify({ id: "B2", title: "Speaker", category: "Electronics", price: "49.99", currency: "EUR" }),
      "not json",
      "[1,2]",
      JSON.stringify({ id: "B3", title: "Lamp", price: -1 }),
    ]);
    expect(products).toEqual([
      {
        id: "100001",
        title: "Angle bracket",
        description: "Steel.",
        priceMinor: 310,
        currency: "GBP",
        category: "gifts-novelties",
        attributes: '{"gauge":12}',
      },
      { id: "B2", title: "Speaker", description: "", priceMinor: 4999, currency: "EUR", category: "electronics", attributes: "{}" },
    ]);
    expect(summary.skipped).toEqual({ bad_line: 2, bad_price: 1 });
  });
});
