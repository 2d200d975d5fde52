// The small decisions of the demo import: which stock codes are products, how invoices become
// order ids, and how a product's price and title are chosen. Pure.
import { roundToPence } from "./retail-csv";

/** Real stock codes: 5 digits plus up to 2 letters, and the DCGS range. POST, M, gift_* are not. */
const PRODUCT_CODE = /^(\d{5}[A-Z]{0,2}|DCGS[A-Z0-9]+)$/;
export const isProductCode = (upperCaseCode: string): boolean => PRODUCT_CODE.test(upperCaseCode);

/** `536365` is a sale, `C536379` its cancellation; `A563185` (bad-debt adjustments) is neither. */
const INVOICE = /^(C?)(\d{1,7})$/;
export const parseInvoiceNo = (invoiceNo: string): { cancelled: boolean; digits: string } | null => {
  const m = INVOICE.exec(invoiceNo);
  return m ? { cancelled: m[1] === "C", digits: m[2]! } : null;
};

/** The `112-3456789-1234567` order id form: 100 = imported sale, 101 = imported cancellation. */
export const importedOrderId = (cancelled: boolean, invoiceDigits: string): string =>
  `${cancelled ? "101" : "100"}-${invoiceDigits.padStart(7, "0")}-0000000`;

/** The median in whole pence, half up; the even-count mean stays exact by staying integral. */
export const medianPence = (milliPence: readonly number[]): number | null => {
  if (milliPence.length === 0) return null;
  const sorted = [...milliPence].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length % 2 === 1) return roundToPence(sorted[mid]!);
  return Math.floor((sorted[mid - 1]! + sorted[mid]! + 1000) / 2000); // (a + b) / 2 / 1000, half up
};

/** The most frequent text; a tie goes to the one sorting first, so file order cannot matter. */
export const mostCommon = (counts: ReadonlyMap<string, number>): string | null => {
  let best: string | null = null;
  let bestCount = 0;
  for (const [text, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== null && text < best)) [best, bestCount] = [text, n];
  }
  return best;
};

/** Descriptions are compared without a dangling comma: "BIRTHDAY CARD," and "BIRTHDAY CARD" are one. */
export const normaliseDescription = (description: string): string => description.replace(/[\s,]+$/, "");
