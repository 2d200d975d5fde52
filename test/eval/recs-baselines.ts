// Offline baselines the served recommendations are measured against: popularity, raw customer
// co-occurrence and item-to-item cosine, all from the train baskets. Pure: dense typed arrays.
import { K, topK } from "./recs-metrics";
import type { Basket } from "./recs-protocol";

export const DAY_MS = 86_400_000;
/** Popularity counts distinct buyers over this many days before the cutoff. */
export const RECENT_DAYS = 90;

export type ItemModel = {
  /** Every item some train basket holds (guest orders included), sorted: the coverage denominator. */
  ids: string[];
  index: Map<string, number>;
  n: number;
  customers: number;
  /** Distinct customers who bought the item (guest orders have no customer: not counted). */
  buyers: Uint32Array;
  /** Distinct customers who bought it in the last RECENT_DAYS of train. */
  recentBuyers: Uint32Array;
  /** n × n: customers who bought both i and j (diagonal = buyers). */
  co: Uint32Array;
  /** Rank by recent buyers, then all-time buyers, then id: popularity and every tie-break. */
  recentRank: Uint32Array;
  /** Rank by all-time buyers, then recent buyers, then id. */
  allTimeRank: Uint32Array;
};

const rankBy = (n: number, cmp: (a: number, b: number) => number): Uint32Array => {
  const order = Array.from({ length: n }, (_, i) => i).sort(cmp);
  const rank = new Uint32Array(n);
  order.forEach((item, r) => {
    rank[item] = r;
  });
  return rank;
};

/** Counts from the train baskets; `recentFrom` (epoch ms, inclusive) opens the popularity window. */
export const buildItemModel = (train: readonly Basket[], recentFrom: number): ItemModel => {
  const ids = [...new Set(train.flatMap((b) => b.items))].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const bought = new Map<string, Set<number>>();
  const recent = new Map<string, Set<number>>();
  for (const b of train) {
    if (b.customerId === null) continue;
    const into = (m: Map<string, Set<number>>) => {
      let s = m.get(b.customerId!);
      if (!s) {
        s = new Set();
        m.set(b.customerId!, s);
      }
      for (const id of b.items) s.add(index.get(id)!);
    };
    into(bought);
    if (b.createdAt >= recentFrom) into(recent);
  }
  const buyers = new Uint32Array(n);
  const recentBuyers = new Uint32Array(n);
  const co = new Uint32Array(n * n);
  for (const items of bought.values()) {
    const list = [...items];
    for (const i of list) {
      buyers[i]!++;
      const row = i * n;
      for (const j of list) co[row + j]!++;
    }
  }
  for (const items of recent.values()) for (const i of items) recentBuyers[i]!++;
  const byId = (a: number, b: number) => (ids[a]! < ids[b]! ? -1 : 1);
  const recentRank = rankBy(n, (a, b) => recentBuyers[b]! - recentBuyers[a]! || buyers[b]! - buyers[a]! || byId(a, b));
  const allTimeRank = rankBy(n, (a, b) => buyers[b]! - buyers[a]! || recentBuyers[b]! - recentBuyers[a]! || byId(a, b));
  return { ids, index, n, customers: bought.size, buyers, recentBuyers, co, recentRank, allTimeRank };
};

export const METHODS = ["popularity (90 days)", "popularity (all time)", "co-occurrence", "cosine"] as const;
export type Method = (typeof METHODS)[number];

/** Σ over context items of co(i, j), or of co(i, j) / √(n_i · n_j) for cosine. */
export const contextScores = (m: ItemModel, context: readonly number[], cosine: boolean): Float64Array => {
  const { n, co, buyers } = m;
  const scores = new Float64Array(n);
  for (const i of context) {
    const row = co.subarray(i * n, (i + 1) * n);
    const w = cosine ? (buyers[i]! > 0 ? 1 / Math.sqrt(buyers[i]!) : 0) : 1;
    if (w === 0) continue;
    for (let j = 0; j < n; j++) scores[j]! += row[j]! * w;
  }
  if (cosine) for (let j = 0; j < n; j++) scores[j] = buyers[j]! > 0 ? scores[j]! / Math.sqrt(buyers[j]!) : 0;
  return scores;
};

/**
 * The top `k` product ids of `method` for a context (item indices; unknown ids are the caller's
 * to drop), never one in `exclude`. Zero-score ties fall back to 90-day popularity.
 */
export const recommend = (m: ItemModel, method: Method, context: readonly number[], exclude: ReadonlySet<number>, k = K): string[] => {
  const skip = (i: number) => exclude.has(i);
  let picked: number[];
  if (method === "popularity (90 days)") picked = topK(new Float64Array(m.n), k, skip, m.recentRank);
  else if (method === "popularity (all time)") picked = topK(new Float64Array(m.n), k, skip, m.allTimeRank);
  else picked = topK(contextScores(m, context, method === "cosine"), k, skip, m.recentRank);
  return picked.map((i) => m.ids[i]!);
};

/** Item indices of the ids the model knows. */
export const indicesOf = (m: ItemModel, ids: Iterable<string>): number[] => {
  const out: number[] = [];
  for (const id of ids) {
    const i = m.index.get(id);
    if (i !== undefined) out.push(i);
  }
  return out;
};
