// The recommendation evaluation's two protocols as data: baskets grouped from order lines, the
// next-basket cases (A) and the basket-completion cases (B). Pure: no I/O, no clock.
import { mulberry32, sampleIndices } from "./recs-metrics";

/** One order (train) or invoice (test): its distinct product ids, sorted. */
export type Basket = { orderId: string; customerId: string | null; createdAt: number; items: string[] };

export type BasketLine = { orderId: string; customerId: string | null; createdAt: number; productId: string };

/** Groups order lines into baskets (distinct items), ordered by time then order id. */
export const toBaskets = (lines: Iterable<BasketLine>): Basket[] => {
  const byOrder = new Map<string, { orderId: string; customerId: string | null; createdAt: number; items: Set<string> }>();
  for (const l of lines) {
    let b = byOrder.get(l.orderId);
    if (!b) {
      b = { orderId: l.orderId, customerId: l.customerId, createdAt: l.createdAt, items: new Set() };
      byOrder.set(l.orderId, b);
    }
    b.items.add(l.productId);
  }
  return [...byOrder.values()]
    .map((b) => ({ ...b, items: [...b.items].sort() }))
    .sort((a, b) => a.createdAt - b.createdAt || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
};

/** Distinct items per customer over baskets with a customer. */
export const itemsByCustomer = (baskets: readonly Basket[]): Map<string, Set<string>> => {
  const out = new Map<string, Set<string>>();
  for (const b of baskets) {
    if (b.customerId === null) continue;
    let s = out.get(b.customerId);
    if (!s) {
      s = new Set();
      out.set(b.customerId, s);
    }
    for (const id of b.items) s.add(id);
  }
  return out;
};

const byCustomerId = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Protocol A: one case per customer with train and test orders and at least one new, known item. */
export type NextBasketCase = { customerId: string; history: string[]; target: string[] };
export type NextBasketCases = {
  cases: NextBasketCase[];
  /** Customers with ≥1 train order and ≥1 test order. */
  customersInBoth: number;
  /** Of those, customers who bought nothing new (or nothing new the train set knows): skipped. */
  emptyTarget: number;
  /** New items dropped from targets because no train order holds them (no method can know them). */
  droppedUnknown: number;
  targetItems: number;
};

export const nextBasketCases = (
  train: readonly Basket[],
  test: readonly Basket[],
  known: { has: (id: string) => boolean },
): NextBasketCases => {
  const history = itemsByCustomer(train);
  const later = itemsByCustomer(test);
  const cases: NextBasketCase[] = [];
  let customersInBoth = 0;
  let emptyTarget = 0;
  let droppedUnknown = 0;
  let targetItems = 0;
  for (const customerId of [...later.keys()].sort(byCustomerId)) {
    const before = history.get(customerId);
    if (!before) continue;
    customersInBoth++;
    const fresh = [...later.get(customerId)!].filter((id) => !before.has(id));
    const target = fresh.filter((id) => known.has(id)).sort();
    droppedUnknown += fresh.length - target.length;
    if (target.length === 0) {
      emptyTarget++;
      continue;
    }
    targetItems += target.length;
    cases.push({ customerId, history: [...before].sort(), target });
  }
  return { cases, customersInBoth, emptyTarget, droppedUnknown, targetItems };
};

/** Protocol B: one anchor item of a test basket; the basket's other items are the targets. */
export type CompletionCase = { orderId: string; customerId: string | null; anchor: string; target: string[] };
export type CompletionCases = {
  cases: CompletionCase[];
  /** Test baskets with ≥2 distinct items the train set knows (the sampling frame). */
  eligible: number;
  /** Test baskets in all. */
  baskets: number;
  /** Basket items dropped because no train order holds them. */
  droppedUnknown: number;
};

export const completionCases = (
  test: readonly Basket[],
  known: { has: (id: string) => boolean },
  sample: number,
  seed: number,
): CompletionCases => {
  let droppedUnknown = 0;
  const eligible: { basket: Basket; items: string[] }[] = [];
  for (const basket of test) {
    const items = basket.items.filter((id) => known.has(id));
    droppedUnknown += basket.items.length - items.length;
    if (items.length >= 2) eligible.push({ basket, items });
  }
  const rand = mulberry32(seed);
  const cases = sampleIndices(eligible.length, sample, rand).map((i) => {
    const { basket, items } = eligible[i]!;
    const anchor = items[Math.floor(rand() * items.length)]!;
    return { orderId: basket.orderId, customerId: basket.customerId, anchor, target: items.filter((id) => id !== anchor) };
  });
  return { cases, eligible: eligible.length, baskets: test.length, droppedUnknown };
};
