// A hand-written slice of the UCI Online Retail CSV with one of every dirty-row kind the data
// README lists, and a helper running it through the pure import. Shared by unit and integration.
import { createRetailLineReader } from "../../../workers/demo-data/retail-csv";
import { createRetailImporter, type RetailImportOptions } from "../../../workers/demo-data/retail-import";

export const SAMPLE_CSV = [
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
  // A normal invoice with a postage line (non-product code).
  "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom",
  "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom",
  "536365,POST,POSTAGE,1,2010-12-01 08:26:00,18.0,17850.0,United Kingdom",
  // A description variant (trailing space, another colour) and a price needing exact arithmetic.
  "536366,85123A,WHITE HANGING HEART T-LIGHT HOLDER ,6,2010-12-02 09:00:00,2.95,17850.0,United Kingdom",
  "536366,85123A,CREAM HANGING HEART T-LIGHT HOLDER,2,2010-12-02 09:00:00,2.55,17850.0,United Kingdom",
  "536366,22633,HAND WARMER UNION JACK,6,2010-12-02 09:00:00,1.85,17850.0,United Kingdom",
  // Quoted fields: commas inside quotes and "" escapes.
  '536367,22760,"TRAY, BREAKFAST IN BED",1,2010-12-03 10:39:00,12.75,14729.0,Germany',
  '536367,90214D,"LETTER ""D"" BLING KEY RING",1,2010-12-03 10:39:00,0.85,14729.0,Germany',
  // A guest checkout (no CustomerID) with a quantity in the thousands and a DCGS code.
  "536368,85123A,WHITE HANGING HEART T-LIGHT HOLDER,1200,2010-12-05 12:00:00,2.55,,United Kingdom",
  "536368,DCGSSBOY,BOYS PARTY BAG,1,2010-12-05 12:00:00,3.29,,United Kingdom",
  // A cancellation: negative quantity, and a discount line (non-product code D).
  "C536369,71053,WHITE METAL LANTERN,-2,2010-12-06 13:00:00,3.39,17850.0,United Kingdom",
  "C536369,D,Discount,-1,2010-12-06 13:00:00,27.5,17850.0,United Kingdom",
  // Empty description (a product never described), zero price (a product never priced),
  // a stock adjustment (negative quantity on a sale), a lower-case stock code.
  "536370,22139,,5,2010-12-07 14:00:00,4.95,14729.0,Germany",
  "536370,21275,ZINC STAR T-LIGHT HOLDER,10,2010-12-07 14:00:00,0.0,14729.0,Germany",
  "536370,22760,damaged,-3,2010-12-07 14:00:00,0.0,14729.0,Germany",
  "536370,22633,HAND WARMER UNION JACK,-1,2010-12-07 14:00:00,2.10,14729.0,Germany",
  "536370,85123a,WHITE HANGING HEART T-LIGHT HOLDER,3,2010-12-07 14:00:00,2.55,14729.0,Germany",
  // An invoice with only non-product lines (manual, gift voucher): nothing left to import.
  "536371,M,Manual,1,2010-12-08 15:00:00,0.5,,United Kingdom",
  "536371,gift_0001_20,Dotcomgiftshop Gift Voucher £20.00,1,2010-12-08 15:00:00,17.02,,United Kingdom",
  // A bad-debt adjustment with a negative price, neither a sale nor a cancellation.
  "A563186,B,Adjust bad debt,1,2011-08-12 14:51:00,-11062.06,,United Kingdom",
  // Next year: a second hand-warmer price (median of 1.85 and 2.10 is 1.975), two tied
  // descriptions, and the German customer's latest order from France.
  "562000,22633,HAND WARMER UNION JACK,12,2011-08-01 10:00:00,2.10,14729.0,France",
  "562000,84997B,RED 3 PIECE RETROSPOT CUTLERY SET,1,2011-08-01 10:00:00,4.15,14729.0,France",
  "562000,84997B,CHILDRENS CUTLERY RETROSPOT RED,2,2011-08-01 10:00:00,4.15,14729.0,France",
  // Rows no parser should accept.
  "562001,22633,HAND WARMER UNION JACK,six,2011-08-02 10:00:00,2.10,14729.0,France",
  "562001,22633,HAND WARMER UNION JACK,1,2011-02-30 10:00:00,2.10,14729.0,France",
  "562001,22633,HAND WARMER UNION JACK,1,2011-08-02 10:00:00,2.10",
  "",
].join("\n");

export const importSample = (options: RetailImportOptions = {}, csv: string = SAMPLE_CSV) => {
  const reader = createRetailLineReader();
  const importer = createRetailImporter(options);
  for (const line of csv.split("\n")) {
    const row = reader.push(line);
    if (row) importer.add(row);
  }
  const last = reader.end();
  if (last) importer.add(last);
  return importer.finish();
};
