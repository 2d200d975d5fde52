// Signal recomputation in D1 (workers/search/signals.repo.ts) on a small hand-checkable shop:
// sales decay and log scale, cancelled/pending orders ignored, the priors, price rank within a
// category; purchases counted from paid checkout orders, never from clients; idempotent; and the
// cron's 10-minute gate with the search-event marks' purge.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { lastRecomputeAt, recomputeSignals, sweepSearchSignals } from "../../workers/search/signals.repo";
import { conversionScore, ctrScore, SALES_HALF_LIFE_MS, SIGNALS_RECOMPUTE_INTERVAL_MS } from "../../workers/search/signals";
import { runSweeps } from "../../workers/scheduled";
import { MARK_RETENTION_MS } from "../../workers/search-events/search-events.repo";

const SELLER = "sel_signals_tests";
const T = Date.UTC(2011, 11, 9, 12); // the newest sale: the reference time
const NOW = Date.UTC(2026, 0, 15);

// books: four prices (a tie); electronics: alone.
const PRODUCTS = [
  { id: "sig-best", category: "books", price: 500 },
  { id: "sig-slow", category: "books", price: 1000 },
  { id: "sig-none", category: "books", price: 1000 },
  { id: "sig-old", category: "books", price: 2000 },
  { id: "sig-alone", category: "electronics", price: 700 },
  { id: "sig-returned", category: "clothing", price: 900 },
  { id: "sig-all-back", category: "clothing", price: 900 },
];
// [order id, status, at, product, units, imported invoice]
const ORDERS: [string, string, number, string, number, string?][] = [
  ["112-0000001-0000001", "DELIVERED", T, "sig-best", 10],
  ["112-0000001-0000002", "DELIVERED", T - SALES_HALF_LIFE_MS, "sig-slow", 4], // velocity 2
  ["112-0000001-0000003", "PAID", T - 2 * SALES_HALF_LIFE_MS, "sig-old", 12], // velocity 3
  ["112-0000001-0000004", "CANCELLED", T, "sig-none", 100], // not sold
  ["112-0000001-0000005", "PENDING", T + 1000, "sig-none", 50], // not sold (and not the reference)
  // Imported returns (a `C` invoice) count negatively, at their own time: 6 × 0.5 − 2 = 1.
  ["112-0000001-0000006", "DELIVERED", T - SALES_HALF_LIFE_MS, "sig-returned", 6, "536001"],
  ["112-0000001-0000007", "CANCELLED", T, "sig-returned", 2, "C536002"],
  // Everything sent back (even after the reference time): never below 0.
  ["112-0000001-0000008", "DELIVERED", T, "sig-all-back", 5, "536003"],
  ["112-0000001-0000009", "CANCELLED", T + 60_000, "sig-all-back", 5, "C536004"],
];

type Signals = {
  impressions: number;
  clicks: number;
  purchases: number;
  sales_velocity: number;
  sales_score: number;
  ctr_score: number | null;
  conversion_score: number | null;
  price_score: number | null;
  updated_at: number;
};
const signals = async () => {
  const { results } = await env.DB.prepare(`SELECT * FROM product_signals WHERE product_id LIKE 'sig-%' ORDER BY product_id`).all<
    Signals & { product_id: string }
  >();
  return Object.fromEntries(results.map((r) => [r.product_id, r]));
};

beforeAll(async () => {
  const db = env.DB;
  await db.batch([
    db.prepare(`INSERT INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, 'Signals', 0)`).bind(SELLER),
    ...PRODUCTS.map((p) =>
      db
        .prepare(
          `INSERT INTO products (id, seller_id, title, price_minor, currency, category, created_at, updated_at) VALUES (?, ?, ?, ?, 'GBP', ?, 0, 0)`,
        )
        .bind(p.id, SELLER, `Signals ${p.id}`, p.price, p.category),
    ),
    ...ORDERS.flatMap(([id, status, at, product, units, invoice]) => [
      db
        .prepare(
          `INSERT INTO orders (id, status, currency, total_minor, item_count, source_invoice, created_at, updated_at) VALUES (?, ?, 'GBP', ?, ?, ?, ?, ?)`,
        )
        .bind(id, status, units * 100, units, invoice ?? null, at, at),
      db
        .prepare(`INSERT INTO order_lines (order_id, line_no, product_id, title, quantity, unit_price_minor) VALUES (?, 1, ?, 'x', ?, 100)`)
        .bind(id, product, units),
    ]),
    // Events already counted by the consumer: the best seller is well known, the slow seller seen
    // once. sig-best's 7 purchases stand for what a client once reported: not a paid order.
    db.prepare(
      `INSERT INTO product_signals (product_id, impressions, clicks, purchases, updated_at) VALUES ('sig-best', 100, 10, 7, 0), ('sig-slow', 1, 1, 0, 0)`,
    ),
  ]);
});

describe("recomputeSignals", () => {
  it("scores sales with decay and a log scale, the priors, and the price rank; rows for every live product", async () => {
    const result = await recomputeSignals(env.DB, NOW);
    expect(result.products).toBe(PRODUCTS.length);
    const s = await signals();
    expect(s["sig-best"]!.sales_velocity).toBeCloseTo(10, 9);
    expect(s["sig-slow"]!.sales_velocity).toBeCloseTo(2, 9);
    expect(s["sig-old"]!.sales_velocity).toBeCloseTo(3, 9);
    expect(s["sig-none"]!.sales_velocity).toBe(0); // a checkout order cancelled, one pending: no sale
    expect(s["sig-returned"]!.sales_velocity).toBeCloseTo(1, 9);
    expect(s["sig-all-back"]!.sales_velocity).toBe(0);
    expect(s["sig-best"]!.sales_score).toBe(1);
    expect(s["sig-slow"]!.sales_score).toBeCloseTo(Math.log(3) / Math.log(11), 9);
    expect(s["sig-old"]!.sales_score).toBeCloseTo(Math.log(4) / Math.log(11), 9);
    expect(s["sig-none"]!.sales_score).toBe(0);
    expect(s["sig-alone"]!.sales_score).toBe(0);
    // Click-through and conversion from the counters with their priors; no events: null.
    expect(s["sig-best"]!.ctr_score).toBeCloseTo(ctrScore(100, 10)!, 12);
    // Purchases: the paid (or later) checkout orders with the product, whatever was reported;
    // imported invoices and cancelled or pending orders are not purchases.
    expect(s["sig-best"]!.purchases).toBe(1);
    expect(s["sig-best"]!.conversion_score).toBeCloseTo(conversionScore(10, 1)!, 12);
    expect(s["sig-old"]!).toMatchObject({ purchases: 1, clicks: 0, conversion_score: conversionScore(0, 1) });
    expect(s["sig-none"]!.purchases).toBe(0);
    expect(s["sig-returned"]!.purchases).toBe(0);
    expect(s["sig-slow"]!.ctr_score).toBeCloseTo(ctrScore(1, 1)!, 12);
    expect(s["sig-slow"]!.ctr_score).toBeLessThan(0.15);
    expect(s["sig-none"]!).toMatchObject({ ctr_score: null, conversion_score: null, impressions: 0, clicks: 0, updated_at: NOW });
    // Price: 1 − percent rank within the category; alone 0.5.
    expect(s["sig-best"]!.price_score).toBe(1);
    expect(s["sig-slow"]!.price_score).toBeCloseTo(2 / 3, 12);
    expect(s["sig-none"]!.price_score).toBeCloseTo(2 / 3, 12);
    expect(s["sig-old"]!.price_score).toBe(0);
    expect(s["sig-alone"]!.price_score).toBe(0.5);
    expect(s["sig-returned"]!.price_score).toBe(1); // tied with the only other in its category
    expect(await lastRecomputeAt(env.DB)).toBe(NOW);
  });

  it("is idempotent: a second run writes nothing and leaves every value as it was", async () => {
    const before = await signals();
    const again = await recomputeSignals(env.DB, NOW + 60_000);
    expect(again.products).toBe(0);
    expect(await signals()).toEqual(before);
  });

  it("writes only what changed: new events update that product's click-through", async () => {
    await env.DB.prepare(`UPDATE product_signals SET impressions = impressions + 20 WHERE product_id = 'sig-none'`).run();
    const result = await recomputeSignals(env.DB, NOW + 120_000);
    expect(result.products).toBe(1);
    const s = await signals();
    expect(s["sig-none"]!.ctr_score).toBeCloseTo(ctrScore(20, 0)!, 12);
    expect(s["sig-none"]!.conversion_score).toBeNull();
  });
});

describe("the cron's signals sweep", () => {
  it("recomputes at most every 10 minutes and purges search-event marks past their retention", async () => {
    const t0 = (await lastRecomputeAt(env.DB))!;
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO search_event_marks (search_nonce, clicks, received_at) VALUES ('sig-old-mark', 1, ?), ('sig-new-mark', 1, ?)`,
      ).bind(t0 - MARK_RETENTION_MS - 60_000, t0),
    ]);
    expect(await sweepSearchSignals(env.DB, t0 + 60_000)).toEqual({ signalsWritten: 0, purgedSeenEvents: 0 });
    expect(await lastRecomputeAt(env.DB)).toBe(t0);
    const due = t0 + SIGNALS_RECOMPUTE_INTERVAL_MS;
    expect(await sweepSearchSignals(env.DB, due)).toEqual({ signalsWritten: 0, purgedSeenEvents: 1 });
    expect(await lastRecomputeAt(env.DB)).toBe(due);
    const { results } = await env.DB.prepare(`SELECT search_nonce FROM search_event_marks WHERE search_nonce LIKE 'sig-%'`).all();
    expect(results).toEqual([{ search_nonce: "sig-new-mark" }]);
  });

  it("runs from runSweeps (the cron handler)", async () => {
    const due = (await lastRecomputeAt(env.DB))! + SIGNALS_RECOMPUTE_INTERVAL_MS;
    const result = await runSweeps(env, due);
    expect(result).toMatchObject({ signalsWritten: 0, purgedSeenEvents: 0 });
    expect(await lastRecomputeAt(env.DB)).toBe(due);
  });
});
