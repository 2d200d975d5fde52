// The pure demo import over the hand-written sample: products, customers, orders, bad rows.
import { describe, expect, it } from "vitest";
import { importedOrderId, isProductCode, medianPence, PRIME_MIN_INVOICES } from "../../../workers/demo-data/retail-import";
import { importSample, SAMPLE_CSV } from "./retail-sample";

const data = importSample();
const product = (id: string) => data.products.find((p) => p.id === id);
const order = (invoice: string) => data.orders.find((o) => o.sourceInvoice === invoice);
/** Sample data lines (header, blank lines excluded) whose invoice is `invoice`. */
const sampleLines = (invoice: string) => SAMPLE_CSV.split("\n").filter((l) => l.startsWith(`${invoice},`));

describe("products", () => {
  it("keeps real stock codes only, upper-cased, and counts the rest", () => {
    for (const code of ["85123A", "DCGSSBOY", "84997B", "10002"]) expect(isProductCode(code)).toBe(true);
    for (const code of ["POST", "M", "D", "C2", "DOT", "BANK CHARGES", "AMAZONFEE", "GIFT_0001_20", "B", "123456"]) {
      expect(isProductCode(code)).toBe(false);
    }
    expect(data.summary.nonProductCodes).toEqual({ B: 1, D: 1, GIFT_0001_20: 1, M: 1, POST: 1 });
    expect(data.products.every((p) => isProductCode(p.id))).toBe(true);
    expect(data.products.map((p) => p.id)).not.toContain("85123a");
  });

  it("titles a product with its most common description, in title case", () => {
    // 85123A: four WHITE lines (one with a trailing space) against one CREAM line.
    expect(product("85123A")?.title).toBe("White Hanging Heart T-Light Holder");
    // 84997B: two descriptions once each; the tie goes to the one sorting first.
    expect(product("84997B")?.title).toBe("Childrens Cutlery Retrospot Red");
    expect(product("22760")?.title).toBe("Tray, Breakfast in Bed");
  });

  it("prices a product at the median sale price in pence, rounded half up", () => {
    // 85123A sells at 2.55 four times and 2.95 once.
    expect(product("85123A")?.priceMinor).toBe(255);
    // 22633 sells at 1.85 and 2.10 (the -1 adjustment does not count): (185 + 210) / 2 = 197.5.
    expect(product("22633")?.priceMinor).toBe(198);
    expect(medianPence([185_000, 210_000])).toBe(198);
    expect(medianPence([])).toBeNull();
  });

  it("skips and counts products with no description or no positive price", () => {
    expect(product("22139")).toBeUndefined(); // never described
    expect(product("21275")).toBeUndefined(); // only ever at 0.00
    expect(data.summary.skippedProducts).toEqual({ noDescription: 1, noPositivePrice: 1 });
  });

  it("categorises, dates by first invoice and grants prime by invoice count", () => {
    expect(product("85123A")).toMatchObject({ category: "candles-lighting", currency: "GBP", primeEligible: false });
    expect(product("85123A")?.createdAt).toBe(Date.UTC(2010, 11, 1, 8, 26));
    const invoices = (n: number) =>
      Array.from({ length: n }, (_, i) => `${600000 + i},22633,HAND WARMER,1,2011-01-01 10:00:00,2.10,,United Kingdom`);
    const prime = importSample({}, invoices(PRIME_MIN_INVOICES).join("\n"));
    const almost = importSample({}, invoices(PRIME_MIN_INVOICES - 1).join("\n"));
    expect(prime.products[0]?.primeEligible).toBe(true);
    expect(almost.products[0]?.primeEligible).toBe(false);
  });
});

describe("customers", () => {
  it("creates one login-less customer per CustomerID with the latest country", () => {
    expect(data.customers.map((c) => c.id)).toEqual(["cus_14729", "cus_17850"]);
    expect(data.customers[0]).toEqual({
      id: "cus_14729",
      email: "customer-14729@customers.demo.example",
      name: "Customer 14729",
      country: "France", // Germany in 2010, France in its latest (2011) order
      createdAt: Date.UTC(2010, 11, 3, 10, 39),
    });
  });
});

describe("orders", () => {
  it("turns an invoice into a delivered order whose totals add up its lines", () => {
    const o = order("536365");
    expect(o).toMatchObject({ id: importedOrderId(false, "536365"), status: "DELIVERED", customerId: "cus_17850" });
    expect(o?.id).toBe("100-0536365-0000000");
    // Three CSV lines, of which POST is not a product.
    expect(sampleLines("536365")).toHaveLength(3);
    expect(o?.lines.map((l) => [l.lineNo, l.productId, l.quantity, l.unitPriceMinor])).toEqual([
      [1, "85123A", 6, 255],
      [2, "71053", 6, 339],
    ]);
    expect(o?.totalMinor).toBe(6 * 255 + 6 * 339);
    expect(o?.itemCount).toBe(12);
    expect(o?.lines[0]?.title).toBe(product("85123A")?.title);
  });

  it("keeps each line's own price and quantities in the thousands", () => {
    expect(order("536366")?.lines.map((l) => l.unitPriceMinor)).toEqual([295, 255, 185]);
    expect(order("536368")).toMatchObject({ customerId: null, itemCount: 1201, totalMinor: 1200 * 255 + 329 });
  });

  it("imports a cancellation as a cancelled order with positive quantities", () => {
    const c = order("C536369");
    expect(c).toMatchObject({ id: "101-0536369-0000000", status: "CANCELLED", totalMinor: 2 * 339, itemCount: 2 });
    expect(c?.lines).toHaveLength(1); // the discount line D is not a product
  });

  it("drops bad lines by reason and invoices left empty", () => {
    // 536370: unknown product, zero price twice, a negative quantity; only the 85123a line stays.
    expect(order("536370")?.lines.map((l) => l.productId)).toEqual(["85123A"]);
    expect(order("536371")).toBeUndefined(); // only M and a gift voucher
    expect(order("A563186")).toBeUndefined();
    expect(data.summary.emptyInvoices).toBe(1);
    expect(data.summary.badRows).toEqual({
      non_product_code: 5, // POST, D, M, gift_0001_20, B
      non_positive_price: 2,
      non_positive_quantity: 1,
      unknown_product: 1,
      bad_quantity: 1,
      bad_date: 1,
      wrong_field_count: 1,
    });
    expect(data.summary.orderLines).toBe(data.orders.reduce((n, o) => n + o.lines.length, 0));
  });
});

describe("until", () => {
  it("imports only invoices on or before the cut-off but derives products from every row", () => {
    const until = Date.UTC(2010, 11, 31, 23, 59, 59, 999);
    const cut = importSample({ until });
    expect(cut.orders.every((o) => o.createdAt <= until)).toBe(true);
    expect(cut.orders.map((o) => o.sourceInvoice)).not.toContain("562000");
    expect(cut.orders).toHaveLength(data.orders.length - 1);
    expect(cut.summary.invoicesAfterUntil).toBe(1);
    expect(cut.products).toEqual(data.products); // 84997B and the 2.10 price still count
    expect(cut.customers.find((c) => c.id === "cus_14729")?.country).toBe("Germany");
    expect(cut.summary.badRows).toEqual(data.summary.badRows);
  });
});
