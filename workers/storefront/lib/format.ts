// How money, dates, ratings and order states read on the storefront (en-GB, the demo's store).
const LOCALE = "en-GB";
const formatters = new Map<string, Intl.NumberFormat>();

/** Integer minor units as money: 1299 GBP → "£12.99" (the currency's own minor digits). */
export const money = (minor: number, currency: string): string => {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
    formatters.set(currency, f);
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
};

/** Money typed by a shopper ("12.50") as minor units, or null when it is not an amount. */
export const toMinor = (text: string, digits = 2): number | null => {
  const t = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 10 ** digits);
};

export const dateTime = (iso: string): string => new Date(iso).toLocaleString(LOCALE, { dateStyle: "medium", timeStyle: "short" });

export const day = (isoDate: string): string =>
  new Date(isoDate.length === 10 ? `${isoDate}T12:00:00Z` : isoDate).toLocaleDateString(LOCALE, {
    weekday: "short",
    day: "numeric",
    month: "short",
  });

export const starsText = (avg: number | null, count: number): string =>
  avg === null || count === 0 ? "No ratings yet" : `${avg.toFixed(1)} out of 5 stars (${count} rating${count === 1 ? "" : "s"})`;

export const STATUS_LABEL: Record<string, string> = {
  PENDING: "Order placed",
  RESERVED: "Items reserved",
  PAID: "Payment confirmed",
  SHIPPED: "Shipped",
  OUT_FOR_DELIVERY: "Out for delivery",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
  FAILED: "Payment failed",
};

export const statusLabel = (status: string): string => STATUS_LABEL[status] ?? status;
