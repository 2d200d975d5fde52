// Whole-SKU checks for split (sharded) SKUs: every object's own ledger, the units in flight between
// them (read from each object's transfers table), and the conservation invariant over all of them.
import { runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { conserved } from "../../workers/inventory/inventory";
import { aggregate, shardName } from "../../workers/inventory/shard-rules";
import type { InventorySnapshot } from "../../workers/inventory/types";
import { stockStub } from "./stock";

export const objectNames = (sku: string, n: number) => [sku, ...Array.from({ length: n }, (_, i) => shardName(sku, i))];

/** Each object's own ledger: the main object first, then shards 0..n-1. */
export const parts = (sku: string, n: number): Promise<InventorySnapshot[]> =>
  Promise.all(objectNames(sku, n).map((name) => stockStub(name).snapshot(name, true)));

type TransferRow = { id: string; dir: string; peer: string; qty: number; state: string };
const transfersOf = (name: string) =>
  runInDurableObject(stockStub(name), (_, state) =>
    state.storage.sql.exec<TransferRow>(`SELECT id, dir, peer, qty, state FROM transfers`).toArray(),
  );

/** Units debited at a donor and not yet credited anywhere. */
export const unitsInFlight = async (sku: string, n: number): Promise<number> => {
  const rows = (await Promise.all(objectNames(sku, n).map(transfersOf))).flat();
  const credited = new Set(rows.filter((r) => r.dir === "in").map((r) => r.id));
  return rows.filter((r) => r.dir === "out" && !credited.has(r.id)).reduce((a, r) => a + r.qty, 0);
};

/**
 * The invariant over the whole SKU (call when no call is running): every object conserved, none
 * below zero, and everything that came in = available + reserved + sold + in flight.
 */
export const checkWhole = async (sku: string, n: number, where = sku): Promise<InventorySnapshot> => {
  const ps = await parts(sku, n);
  for (const p of ps) {
    expect(conserved(p), `${where}: ${p.sku} conserved`).toBe(true);
    expect(p.available, `${where}: ${p.sku} available`).toBeGreaterThanOrEqual(0);
  }
  const whole = aggregate(sku, ps);
  const flying = await unitsInFlight(sku, n);
  expect(0 - whole.transferred, `${where}: in flight`).toBe(flying);
  expect(whole.initial + whole.restocked + whole.adjusted, `${where}: conservation`).toBe(
    whole.available + whole.reserved + whole.sold + flying,
  );
  expect(whole.sold, `${where}: sold within stock`).toBeLessThanOrEqual(whole.initial + whole.restocked + whole.adjusted);
  return whole;
};
