// Randomised (seeded) interleavings against real InventoryDOs: concurrent reserve / commit /
// release / alarm / restock / adjust, duplicated calls and evictions, checking conservation after every step.
import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { InventorySnapshot, RpcResult } from "../../workers/inventory/types";
import { prng, seedProduct, sleep, stockStub } from "../helpers/stock";

const STEPS = 120;

const checkInvariants = (s: InventorySnapshot, committed: Map<string, number>, where: string) => {
  expect(s.initial + s.restocked + s.adjusted, `${where}: conservation`).toBe(s.available + s.reserved + s.sold);
  expect(s.onHand, where).toBe(s.available + s.reserved);
  expect(s.available, `${where}: available`).toBeGreaterThanOrEqual(0);
  expect(s.reserved, where).toBeGreaterThanOrEqual(0);
  // Every unit sold was in stock: sold ≤ everything that ever came in, net of write-offs.
  expect(s.sold, where).toBeLessThanOrEqual(s.initial + s.restocked + s.adjusted);
  // And the object's sales are exactly the commits callers were told succeeded.
  expect(s.sold, `${where}: sold = acknowledged commits`).toBe([...committed.values()].reduce((a, b) => a + b, 0));
};

const run = async (sku: string, seed: number, initial: number) => {
  await seedProduct(sku, initial);
  const stock = stockStub(sku);
  const rnd = prng(seed);
  const qtyOf = new Map<string, number>();
  const committed = new Map<string, number>();
  const counts = { reserved: 0, refused: 0, committed: 0, evictions: 0 };

  for (let step = 0; step < STEPS; step++) {
    const calls: Array<() => Promise<unknown>> = [];
    for (let n = 1 + rnd.int(8); n > 0; n--) {
      const orderId = `o${rnd.int(60)}`;
      if (!qtyOf.has(orderId)) qtyOf.set(orderId, 1 + rnd.int(4));
      const qty = qtyOf.get(orderId) as number;
      const roll = rnd.int(100);
      let call: () => Promise<unknown>;
      if (roll < 35) {
        const ttl = rnd.pick([5, 15, 60_000]);
        call = async () => {
          const r = await stock.reserve(sku, orderId, rnd.int(20) === 0 ? qty + 1 : qty, ttl);
          if (r.ok) counts.reserved++;
          else counts.refused++;
        };
      } else if (roll < 55) {
        call = async () => {
          const r = await stock.commit(sku, orderId);
          if (r.ok) {
            const prior = committed.get(orderId);
            expect(prior === undefined || prior === r.value.qty).toBe(true);
            committed.set(orderId, r.value.qty);
            counts.committed++;
          }
        };
      } else if (roll < 70) call = () => stock.release(sku, orderId);
      else if (roll < 80) call = () => runDurableObjectAlarm(stock);
      else if (roll < 88) call = () => stock.restock(sku, 1 + rnd.int(5), `restock-${rnd.int(25)}`);
      else if (roll < 95) call = () => stock.adjust(sku, rnd.int(40), `count-${rnd.int(25)}`);
      else call = () => stock.snapshot(sku);
      calls.push(call);
      if (rnd.int(4) === 0) calls.push(call); // the same call twice, concurrently: a client retry
    }
    await Promise.all(calls.map((c) => c()));
    if (rnd.int(10) === 0) {
      await evictDurableObject(stock);
      counts.evictions++;
    }
    if (rnd.int(6) === 0) await sleep(rnd.int(20));
    checkInvariants(await stock.snapshot(sku), committed, `${sku} step ${step}`);
  }
  return counts;
};

describe("InventoryDO conservation under random interleavings", () => {
  it("holds for a scarce SKU (seed 7)", async () => {
    const counts = await run("CONS-SCARCE", 7, 6);
    // The walk must actually exercise the interesting paths.
    expect(counts.refused).toBeGreaterThan(10);
    expect(counts.committed).toBeGreaterThan(5);
    expect(counts.evictions).toBeGreaterThan(3);
  });

  it("holds for a well stocked SKU (seed 20261101)", async () => {
    const counts = await run("CONS-PLENTY", 20261101, 40);
    expect(counts.reserved).toBeGreaterThan(20);
    expect(counts.committed).toBeGreaterThan(5);
  });

  it("never sells more than it has when many orders race for the last units", async () => {
    await seedProduct("CONS-RACE", 25);
    const stock = stockStub("CONS-RACE");
    const reserves: RpcResult<unknown>[] = await Promise.all(
      Array.from({ length: 60 }, (_, i) => stock.reserve("CONS-RACE", `race-${i}`, 1 + (i % 2))),
    );
    const held = reserves.filter((r) => r.ok).length;
    expect(held).toBeGreaterThan(0);
    await Promise.all(Array.from({ length: 60 }, (_, i) => stock.commit("CONS-RACE", `race-${i}`)));
    const s = await stock.snapshot("CONS-RACE");
    expect(s.sold).toBeLessThanOrEqual(25);
    expect(s.available + s.reserved + s.sold).toBe(25);
    expect(s.available).toBeLessThan(2); // only a remainder too small for a qty-2 order may be left
  });
});
