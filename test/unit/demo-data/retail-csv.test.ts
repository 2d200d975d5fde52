// The CSV layer of the demo import: RFC 4180 quoting, record assembly and typed rows.
import { describe, expect, it } from "vitest";
import {
  createRetailLineReader,
  parseCsvLine,
  parseInvoiceDate,
  parsePriceMilliPence,
  parseRetailRow,
  RETAIL_HEADER,
  roundToPence,
} from "../../../workers/demo-data/retail-csv";

describe("parseCsvLine", () => {
  it("splits plain lines on commas and keeps empty fields", () => {
    expect(parseCsvLine("536365,85123A,,6")).toEqual(["536365", "85123A", "", "6"]);
  });

  it("keeps commas inside quotes and turns doubled quotes into one", () => {
    expect(parseCsvLine('1,"TRAY, BREAKFAST IN BED",2')).toEqual(["1", "TRAY, BREAKFAST IN BED", "2"]);
    expect(parseCsvLine('1,"LETTER ""D"" BLING KEY RING",2')).toEqual(["1", 'LETTER "D" BLING KEY RING', "2"]);
    expect(parseCsvLine('"RECORD FRAME 7"" SINGLE SIZE ",x')).toEqual(['RECORD FRAME 7" SINGLE SIZE ', "x"]);
  });

  it("reports a record still inside quotes at the end of the line", () => {
    expect(parseCsvLine('1,"open, never closed')).toBeNull();
  });
});

describe("createRetailLineReader", () => {
  const row = (invoice: string, description: string) => `${invoice},22760,${description},1,2010-12-03 10:39:00,12.75,14729.0,Germany`;

  it("skips the header and blank lines", () => {
    const reader = createRetailLineReader();
    expect(reader.push(RETAIL_HEADER)).toBeNull();
    expect(reader.push("")).toBeNull();
    expect(reader.push(row("536367", "TRAY"))).toMatchObject({ ok: true, row: { invoiceNo: "536367" } });
  });

  it("joins a quoted field that spans lines into one record", () => {
    const reader = createRetailLineReader();
    const [first, second] = row("536367", '"TRAY,\nBREAKFAST"').split("\n") as [string, string];
    expect(reader.push(first)).toBeNull();
    expect(reader.push(second)).toMatchObject({ ok: true, row: { description: "TRAY, BREAKFAST" } });
  });

  it("rejects a quote left open at the end of input instead of swallowing the file", () => {
    const reader = createRetailLineReader();
    expect(reader.push(row("536367", '"never closed'))).toBeNull();
    expect(reader.end()).toEqual({ ok: false, reason: "unterminated_quote" });
  });
});

describe("parseRetailRow", () => {
  const fields = (over: Partial<Record<number, string>> = {}) => {
    const f = ["536365", "85123A", " WHITE  HANGING HEART ", "6", "2010-12-01 08:26:00", "2.55", "17850.0", "United Kingdom"];
    for (const [i, v] of Object.entries(over)) f[Number(i)] = v!;
    return f;
  };

  it("types a row: UTC date, price in milli-pence, customer id without the float suffix", () => {
    const parsed = parseRetailRow(fields());
    expect(parsed).toEqual({
      ok: true,
      row: {
        invoiceNo: "536365",
        stockCode: "85123A",
        description: "WHITE HANGING HEART",
        quantity: 6,
        invoiceDate: Date.UTC(2010, 11, 1, 8, 26, 0),
        unitPriceMilliPence: 255_000,
        customerId: "17850",
        country: "United Kingdom",
      },
    });
  });

  it("treats an empty CustomerID as a guest checkout", () => {
    expect(parseRetailRow(fields({ 6: "" }))).toMatchObject({ ok: true, row: { customerId: null } });
  });

  it("names what is wrong with a bad row", () => {
    expect(parseRetailRow(fields().slice(0, 7))).toEqual({ ok: false, reason: "wrong_field_count" });
    expect(parseRetailRow(fields({ 3: "six" }))).toEqual({ ok: false, reason: "bad_quantity" });
    expect(parseRetailRow(fields({ 4: "2011-02-30 10:00:00" }))).toEqual({ ok: false, reason: "bad_date" });
    expect(parseRetailRow(fields({ 5: "2,55" }))).toEqual({ ok: false, reason: "bad_price" });
    expect(parseRetailRow(fields({ 6: "C17850" }))).toEqual({ ok: false, reason: "bad_customer_id" });
    expect(parseRetailRow(fields({ 1: " " }))).toEqual({ ok: false, reason: "missing_stock_code" });
  });
});

describe("prices and dates", () => {
  it("parses prices by string, with no float drift", () => {
    // 2.55 * 100 is 254.99999999999997 in floating point; the string parse is exact.
    expect(parsePriceMilliPence("2.55")).toBe(255_000);
    expect(parsePriceMilliPence("0.001")).toBe(100);
    expect(parsePriceMilliPence("-11062.06")).toBe(-1_106_206_000);
    expect(parsePriceMilliPence("18")).toBe(1_800_000);
    expect(parsePriceMilliPence("1e3")).toBeNull();
  });

  it("rounds milli-pence to whole pence half up", () => {
    expect(roundToPence(197_500)).toBe(198);
    expect(roundToPence(197_499)).toBe(197);
    expect(roundToPence(100)).toBe(0);
  });

  it("reads invoice dates as UTC and refuses impossible ones", () => {
    expect(parseInvoiceDate("2011-12-09 12:50:00")).toBe(Date.UTC(2011, 11, 9, 12, 50));
    expect(parseInvoiceDate("2011-13-01 00:00:00")).toBeNull();
    expect(parseInvoiceDate("12/1/2010 8:26")).toBeNull();
  });
});
