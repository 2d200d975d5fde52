// Reads the UCI Online Retail CSV one physical line at a time: RFC 4180 records (quoted commas,
// "" escapes) checked into typed rows or rejections. Pure: no I/O, no clock.

export const RETAIL_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
const FIELD_COUNT = 8;

/**
 * Fields of one record, or null when the line ends inside a quoted field (the record continues
 * on the next physical line). Whitespace is kept: trimming is the row parser's decision.
 */
export const parseCsvLine = (line: string): string[] | null => {
  if (!line.includes('"')) return line.split(","); // 99% of the data: no quoting at all
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
};

/** Milli-pence (1/1000 of a penny): every price in the data is exact in this unit. */
export const MILLI_PENCE_PER_PENNY = 1000;

/** Whole pence, half rounded away from zero, in integer arithmetic. */
export const roundToPence = (milliPence: number): number =>
  milliPence < 0 ? -roundToPence(-milliPence) : Math.floor((milliPence + MILLI_PENCE_PER_PENNY / 2) / MILLI_PENCE_PER_PENNY);

const PRICE = /^(-?)(\d{1,9})(?:\.(\d{1,5}))?$/;
/** "2.55" → 255000 by string, never through a float multiply (2.55 * 100 is 254.99999...). */
export const parsePriceMilliPence = (text: string): number | null => {
  const m = PRICE.exec(text);
  if (!m) return null;
  const value = Number(m[2]) * 100_000 + Number((m[3] ?? "").padEnd(5, "0"));
  return m[1] === "-" ? -value : value;
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
/** `YYYY-MM-DD HH:MM[:SS]` read as UTC (the shop's local time zone is not recorded). */
export const parseInvoiceDate = (text: string): number | null => {
  const m = DATE.exec(text);
  if (!m) return null;
  const part = (i: number): number => Number(m[i] ?? 0);
  const [y, mo, d, h, mi, s] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 2011-02-30 over into March; a real date survives the round trip.
  const valid = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return valid ? ms : null;
};

export type RetailRow = {
  invoiceNo: string;
  /** As written in the file (trimmed); product ids are derived from it upper-cased. */
  stockCode: string;
  /** Trimmed, inner whitespace collapsed; may be empty. */
  description: string;
  quantity: number;
  invoiceDate: number;
  unitPriceMilliPence: number;
  /** `17850.0` → `17850`; null for a guest checkout. */
  customerId: string | null;
  country: string;
};

export type RowRejection =
  | "wrong_field_count"
  | "missing_invoice"
  | "missing_stock_code"
  | "bad_quantity"
  | "bad_date"
  | "bad_price"
  | "bad_customer_id"
  | "unterminated_quote";

export type ParsedRow = { ok: true; row: RetailRow } | { ok: false; reason: RowRejection };

const CUSTOMER = /^(\d+)(?:\.0*)?$/;
const QUANTITY = /^-?\d{1,9}$/;

export const parseRetailRow = (fields: readonly string[]): ParsedRow => {
  if (fields.length !== FIELD_COUNT) return { ok: false, reason: "wrong_field_count" };
  const [invoiceNo, stockCode, description, qty, date, price, customer, country] = fields.map((f) => f.trim()) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!invoiceNo) return { ok: false, reason: "missing_invoice" };
  if (!stockCode) return { ok: false, reason: "missing_stock_code" };
  if (!QUANTITY.test(qty)) return { ok: false, reason: "bad_quantity" };
  const invoiceDate = parseInvoiceDate(date);
  if (invoiceDate === null) return { ok: false, reason: "bad_date" };
  const unitPriceMilliPence = parsePriceMilliPence(price);
  if (unitPriceMilliPence === null) return { ok: false, reason: "bad_price" };
  let customerId: string | null = null;
  if (customer) {
    const m = CUSTOMER.exec(customer);
    if (!m) return { ok: false, reason: "bad_customer_id" };
    customerId = String(Number(m[1])); // drops leading zeros so one customer has one id
  }
  return {
    ok: true,
    row: {
      invoiceNo,
      stockCode,
      description: description.replace(/\s+/g, " "),
      quantity: Number(qty),
      invoiceDate,
      unitPriceMilliPence,
      customerId,
      country,
    },
  };
};

/** A record may span physical lines; past this many it is a stray quote, not a long field. */
const MAX_LINES_PER_RECORD = 20;

/**
 * Turns physical lines into parsed rows: joins lines of a multi-line quoted field, skips the
 * header and blank lines. `push` returns null while nothing is complete; call `end` at EOF.
 */
export const createRetailLineReader = () => {
  let pending: string | null = null;
  let pendingLines = 0;
  const reset = () => {
    pending = null;
    pendingLines = 0;
  };
  return {
    push(line: string): ParsedRow | null {
      if (pending === null && (line.trim() === "" || line.trim() === RETAIL_HEADER)) return null;
      const text: string = pending === null ? line : `${pending}\n${line}`;
      const fields = parseCsvLine(text);
      if (fields === null && pendingLines + 1 < MAX_LINES_PER_RECORD) {
        pending = text;
        pendingLines++;
        return null;
      }
      reset();
      return fields ? parseRetailRow(fields) : { ok: false, reason: "unterminated_quote" };
    },
    /** At end of input: a record still open is a stray quote. */
    end(): ParsedRow | null {
      const open = pending !== null;
      reset();
      return open ? { ok: false, reason: "unterminated_quote" } : null;
    },
  };
};
