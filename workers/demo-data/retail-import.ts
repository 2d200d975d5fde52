// Turns parsed Online Retail rows into the demo catalog, customers and order history. Pure and
// streaming-friendly: `add` takes one row at a time, `finish` decides everything needing all rows.
import { categorise } from "./categorise";
import { roundToPence, type ParsedRow, type RetailRow } from "./retail-csv";
import { importedOrderId, isProductCode, medianPence, mostCommon, normaliseDescription, parseInvoiceNo } from "./retail-rules";
import {
  PRIME_MIN_INVOICES,
  type BadRowCounts,
  type BadRowReason,
  type ImportedCustomer,
  type ImportedOrder,
  type ImportedOrderLine,
  type ImportedProduct,
  type RetailImport,
} from "./retail-types";
import { titleCase } from "./title-case";

export * from "./retail-rules";
export * from "./retail-types";

type ProductStats = {
  id: string;
  descriptions: Map<string, number>;
  /** Unit prices (milli-pence) of sale lines with a positive quantity and price. */
  prices: number[];
  saleInvoices: Set<string>;
  firstSeen: number;
};
type PendingLine = { productId: string; quantity: number; unitPriceMinor: number };
type InvoiceAcc = {
  invoiceNo: string;
  cancelled: boolean;
  digits: string;
  customerId: string | null;
  createdAt: number;
  lines: PendingLine[];
};
type CustomerStats = { firstSeen: number; lastSeen: number; country: string };

export type RetailImportOptions = {
  /** Epoch ms, inclusive: later invoices do not become orders (products still use every row). */
  until?: number | null;
};

const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

const toProduct = (p: ProductStats): ImportedProduct | "no_description" | "no_positive_price" => {
  const description = mostCommon(p.descriptions);
  if (description === null) return "no_description";
  const priceMinor = medianPence(p.prices);
  if (priceMinor === null || priceMinor <= 0) return "no_positive_price";
  return {
    id: p.id,
    title: titleCase(description),
    priceMinor,
    currency: "GBP",
    category: categorise(description),
    primeEligible: p.saleInvoices.size >= PRIME_MIN_INVOICES,
    createdAt: p.firstSeen,
  };
};

const toOrder = (inv: InvoiceAcc, lines: ImportedOrderLine[]): ImportedOrder => ({
  id: importedOrderId(inv.cancelled, inv.digits),
  customerId: inv.customerId === null ? null : `cus_${inv.customerId}`,
  status: inv.cancelled ? "CANCELLED" : "DELIVERED",
  currency: "GBP",
  totalMinor: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0),
  itemCount: lines.reduce((sum, l) => sum + l.quantity, 0),
  sourceInvoice: inv.invoiceNo,
  createdAt: inv.createdAt,
  lines,
});

const toCustomer = ([id, c]: [string, CustomerStats]): ImportedCustomer => ({
  id: `cus_${id}`,
  email: `customer-${id}@customers.demo.example`,
  name: `Customer ${id}`,
  country: c.country || null,
  createdAt: c.firstSeen,
});

export const createRetailImporter = (options: RetailImportOptions = {}) => {
  const until = options.until ?? null;
  const bad: BadRowCounts = {};
  const reject = (reason: BadRowReason): void => {
    bad[reason] = (bad[reason] ?? 0) + 1;
  };
  const nonProductCodes = new Map<string, number>();
  const products = new Map<string, ProductStats>();
  const invoices = new Map<string, InvoiceAcc>();
  const customers = new Map<string, CustomerStats>();
  let rows = 0;

  const noteCustomer = (row: RetailRow) => {
    if (row.customerId === null || (until !== null && row.invoiceDate > until)) return;
    const c = customers.get(row.customerId);
    if (!c) {
      customers.set(row.customerId, { firstSeen: row.invoiceDate, lastSeen: row.invoiceDate, country: row.country });
      return;
    }
    c.firstSeen = Math.min(c.firstSeen, row.invoiceDate);
    if (row.invoiceDate >= c.lastSeen) [c.lastSeen, c.country] = [row.invoiceDate, row.country];
  };

  const invoiceFor = (row: RetailRow): InvoiceAcc | null => {
    const parsed = parseInvoiceNo(row.invoiceNo);
    if (!parsed) return null;
    let inv = invoices.get(row.invoiceNo);
    if (!inv) {
      inv = { invoiceNo: row.invoiceNo, ...parsed, customerId: row.customerId, createdAt: row.invoiceDate, lines: [] };
      invoices.set(row.invoiceNo, inv);
    }
    inv.createdAt = Math.min(inv.createdAt, row.invoiceDate); // a long invoice can span a minute
    return inv;
  };

  const productFor = (code: string, row: RetailRow): ProductStats => {
    let p = products.get(code);
    if (!p) {
      p = { id: code, descriptions: new Map(), prices: [], saleInvoices: new Set(), firstSeen: row.invoiceDate };
      products.set(code, p);
    }
    p.firstSeen = Math.min(p.firstSeen, row.invoiceDate);
    const description = normaliseDescription(row.description);
    if (description) p.descriptions.set(description, (p.descriptions.get(description) ?? 0) + 1);
    return p;
  };

  const add = (parsed: ParsedRow): void => {
    rows++;
    if (!parsed.ok) {
      reject(parsed.reason);
      return;
    }
    const row = parsed.row;
    noteCustomer(row);
    const invoice = invoiceFor(row);
    const code = row.stockCode.toUpperCase();
    if (!isProductCode(code)) {
      nonProductCodes.set(code, (nonProductCodes.get(code) ?? 0) + 1);
      reject("non_product_code");
      return;
    }
    const product = productFor(code, row);
    const sale = invoice !== null && !invoice.cancelled && row.quantity > 0;
    if (sale && row.unitPriceMilliPence > 0) product.prices.push(row.unitPriceMilliPence);
    if (sale) product.saleInvoices.add(row.invoiceNo);
    if (!invoice) {
      reject("unsupported_invoice");
      return;
    }
    const unitPriceMinor = roundToPence(row.unitPriceMilliPence);
    if (unitPriceMinor <= 0) {
      reject("non_positive_price");
      return;
    }
    if (!invoice.cancelled && row.quantity <= 0) {
      reject("non_positive_quantity");
      return;
    }
    if (invoice.cancelled && row.quantity >= 0) {
      reject("non_negative_cancellation_quantity");
      return;
    }
    invoice.lines.push({ productId: product.id, quantity: Math.abs(row.quantity), unitPriceMinor });
  };

  const finish = (): RetailImport => {
    const catalog = new Map<string, ImportedProduct>();
    const skippedProducts = { noDescription: 0, noPositivePrice: 0 };
    for (const [, stats] of [...products].sort(byKey)) {
      const p = toProduct(stats);
      if (p === "no_description") skippedProducts.noDescription++;
      else if (p === "no_positive_price") skippedProducts.noPositivePrice++;
      else catalog.set(p.id, p);
    }
    const orders: ImportedOrder[] = [];
    let emptyInvoices = 0;
    let invoicesAfterUntil = 0;
    for (const inv of invoices.values()) {
      const lines: ImportedOrderLine[] = [];
      for (const l of inv.lines) {
        const product = catalog.get(l.productId);
        if (product) lines.push({ lineNo: lines.length + 1, ...l, title: product.title });
        else reject("unknown_product");
      }
      if (lines.length === 0) emptyInvoices++;
      else if (until !== null && inv.createdAt > until) invoicesAfterUntil++;
      else orders.push(toOrder(inv, lines));
    }
    const people = [...customers].sort(([a], [b]) => Number(a) - Number(b)).map(toCustomer);
    return {
      products: [...catalog.values()],
      customers: people,
      orders,
      summary: {
        rows,
        products: catalog.size,
        customers: people.length,
        orders: orders.length,
        orderLines: orders.reduce((n, o) => n + o.lines.length, 0),
        badRows: bad,
        nonProductCodes: Object.fromEntries([...nonProductCodes].sort(byKey)),
        skippedProducts,
        emptyInvoices,
        invoicesAfterUntil,
        until,
      },
    };
  };

  return { add, finish };
};
