// The demo import's output shapes: what retail-import.ts derives from the data set and what
// import.repo.ts writes. Types and constants only.
import type { RetailCategorySlug } from "./categorise";
import type { RowRejection } from "./retail-csv";

/**
 * Prime rule: a product sold in at least this many distinct (non-cancelled) invoices counts as
 * a fast seller the shop keeps in stock, so it is offered with Prime delivery. Roughly the top
 * third of the catalog qualifies in the full data set.
 */
export const PRIME_MIN_INVOICES = 50;

/** Why a row did not become an order line. Counted, never fatal. */
export type BadRowReason =
  | RowRejection
  /** POST, M, D, DOT, C2, BANK CHARGES, AMAZONFEE, gift_0001_10, ...: fees and adjustments. */
  | "non_product_code"
  /** An invoice number neither a sale nor a `C` cancellation (the `A` bad-debt adjustments). */
  | "unsupported_invoice"
  /** Zero or negative unit price (after rounding to whole pence). */
  | "non_positive_price"
  /** Zero or negative quantity on a sale invoice: stock adjustments, not sales. */
  | "non_positive_quantity"
  /** A cancellation line that does not take items back. */
  | "non_negative_cancellation_quantity"
  /** The line's product was skipped (no description or no positive price anywhere). */
  | "unknown_product";
export type BadRowCounts = Partial<Record<BadRowReason, number>>;

export type ImportedProduct = {
  /** The stock code, upper-cased. */
  id: string;
  title: string;
  priceMinor: number;
  currency: "GBP";
  category: RetailCategorySlug;
  primeEligible: boolean;
  createdAt: number;
};

export type ImportedCustomer = {
  id: string;
  email: string;
  name: string;
  country: string | null;
  createdAt: number;
};

export type ImportedOrderLine = {
  lineNo: number;
  productId: string;
  title: string;
  quantity: number;
  unitPriceMinor: number;
};

export type ImportedOrder = {
  id: string;
  customerId: string | null;
  status: "DELIVERED" | "CANCELLED";
  currency: "GBP";
  totalMinor: number;
  itemCount: number;
  sourceInvoice: string;
  createdAt: number;
  lines: ImportedOrderLine[];
};

export type ImportSummary = {
  /** Data rows read (header and blank lines excluded). */
  rows: number;
  products: number;
  customers: number;
  orders: number;
  orderLines: number;
  /** Independent of `until`: every invoice's lines are checked. */
  badRows: BadRowCounts;
  /** Rows per non-product code. */
  nonProductCodes: Record<string, number>;
  skippedProducts: { noDescription: number; noPositivePrice: number };
  /** Invoices with no line left after the checks: not imported. */
  emptyInvoices: number;
  /** Valid invoices dated after `until`: not imported. */
  invoicesAfterUntil: number;
  until: number | null;
};

export type RetailImport = {
  products: ImportedProduct[];
  customers: ImportedCustomer[];
  orders: ImportedOrder[];
  summary: ImportSummary;
};
