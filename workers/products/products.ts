// Catalog rules: how a product is shaped for the API, what an update may change, and the
// optimistic-concurrency check. Pure: time and ids are arguments; no bindings.
import { DomainError } from "../shared/errors";

export type AttributeValue = string | number | boolean;

export interface ProductRecord {
  id: string;
  sellerId: string;
  title: string;
  description: string;
  priceMinor: number;
  currency: string;
  category: string;
  attributes: Record<string, AttributeValue>;
  imageUrls: string[];
  primeEligible: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export interface ProductPatch {
  title?: string;
  description?: string;
  priceMinor?: number;
  currency?: string;
  category?: string;
  attributes?: Record<string, AttributeValue>;
  imageUrls?: string[];
  primeEligible?: boolean;
}

export interface RatingCounts {
  count: number;
  sum: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
}

/** Parses the stored JSON columns defensively: a bad row never breaks a page. */
export const parseJsonColumn = <T>(raw: string, fallback: T, valid: (v: unknown) => boolean): T => {
  try {
    const v: unknown = JSON.parse(raw);
    return valid(v) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
};

export const isAttributeMap = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

export const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * The version a PATCH expects, from `If-Match: "<version>"` or the body's `version`.
 * Both may be given only if they agree; neither is a 400 (blind overwrites are not allowed).
 */
export const expectedVersion = (ifMatch: string | undefined, bodyVersion: number | undefined): number => {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
    if (!m) {
      throw new DomainError("invalid_data", "version_required", 'If-Match must be the product version, e.g. "3".');
    }
    headerVersion = Number(m[1]);
  }
  if (headerVersion !== undefined && bodyVersion !== undefined && headerVersion !== bodyVersion) {
    throw new DomainError("invalid_data", "version_required", "If-Match and body version disagree.");
  }
  const v = headerVersion ?? bodyVersion;
  if (v === undefined) {
    throw new DomainError(
      "invalid_data",
      "version_required",
      "Send the version you edited (body `version` or If-Match) so concurrent edits are not lost.",
    );
  }
  return v;
};

/** A stale version is a conflict; the client should re-read and re-apply its change. */
export const assertCurrentVersion = (current: ProductRecord, expected: number): void => {
  if (current.version !== expected) {
    throw new DomainError(
      "conflict",
      "stale_version",
      `Product ${current.id} changed since you read it (version ${expected}, now ${current.version}).`,
    );
  }
};

export const assertLive = (p: ProductRecord | undefined, id: string): ProductRecord => {
  if (!p || p.deletedAt !== null) {
    throw new DomainError("not_found", "product_not_found", `No product ${id}.`);
  }
  return p;
};

/** Mean stars to two decimals; null without reviews. */
export const averageStars = (sum: number, count: number): number | null => (count > 0 ? Math.round((sum / count) * 100) / 100 : null);

/** At or below this many units a product page says how many are left. */
export const LOW_STOCK_UNITS = 10;

/** What a product page says about stock: exact counts only when low (no projection row: unknown). */
export const stockSummary = (available: number | undefined) =>
  available === undefined
    ? { status: "unknown" as const, available: null }
    : available <= 0
      ? { status: "out_of_stock" as const, available: 0 }
      : available <= LOW_STOCK_UNITS
        ? { status: "low_stock" as const, available }
        : { status: "in_stock" as const, available: null };

export const ratingSummary = (r: RatingCounts | undefined) => {
  const c = r ?? { count: 0, sum: 0, s1: 0, s2: 0, s3: 0, s4: 0, s5: 0 };
  return {
    average: averageStars(c.sum, c.count),
    count: c.count,
    histogram: { "1": c.s1, "2": c.s2, "3": c.s3, "4": c.s4, "5": c.s5 },
  };
};

export const productJson = (p: ProductRecord) => ({
  product_id: p.id,
  seller_id: p.sellerId,
  title: p.title,
  description: p.description,
  price: p.priceMinor,
  currency: p.currency,
  category: p.category,
  attributes: p.attributes,
  image_urls: p.imageUrls,
  prime_eligible: p.primeEligible,
  version: p.version,
  created_at: new Date(p.createdAt).toISOString(),
  updated_at: new Date(p.updatedAt).toISOString(),
});
