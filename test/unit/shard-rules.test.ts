// The pure rules for splitting a hot SKU (workers/inventory/shard-rules.ts): names, home shards,
// layout transitions, transfers between objects, and the whole-SKU sum.
import { describe, expect, it } from "vitest";
import * as inv from "../../workers/inventory/inventory";
import * as split from "../../workers/inventory/shard-rules";

const T0 = 1_000_000;

describe("shard names and homes", () => {
  it("names shards sku#i and finds the main object from them", () => {
    expect(split.shardName("85123A", 3)).toBe("85123A#3");
    expect(split.isShardName("85123A#3")).toBe(true);
    expect(split.isShardName("85123A")).toBe(false);
    expect(split.mainOf("85123A#3")).toBe("85123A");
    expect(split.mainOf("85123A")).toBe("85123A");
  });

  it("sends an order to the same home every time, and spreads orders over all shards", () => {
    expect(split.homeIndex("order-42", 8)).toBe(split.homeIndex("order-42", 8));
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[split.homeIndex(`order-${i}`, 8)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it("asks the other shards after the home one, then the main object", () => {
    expect(split.donorsFor("S", 4, 2)).toEqual(["S#3", "S#0", "S#1", "S"]);
  });

  it("splits units evenly, remainder to the first shards", () => {
    expect(split.split(10, 4)).toEqual([3, 3, 2, 2]);
    expect(split.split(2, 4)).toEqual([1, 1, 0, 0]);
    expect(split.split(0, 3)).toEqual([0, 0, 0]);
  });
});

describe("layout transitions", () => {
  it("enables a split of 2-64 shards and keeps the count once chosen", () => {
    expect(split.enable(split.UNSPLIT, 4)).toEqual({ ok: true, value: { n: 4, on: true } });
    expect(split.enable({ n: 4, on: false }, 4)).toEqual({ ok: true, value: { n: 4, on: true } });
    expect(split.enable({ n: 4, on: true }, 8)).toMatchObject({ ok: false, error: { code: "stock_split" } });
    for (const n of [0, 1, 65, 2.5])
      expect(split.enable(split.UNSPLIT, n)).toMatchObject({ ok: false, error: { code: "validation_failed" } });
  });
});

describe("transfers", () => {
  it("debits at most the available units, once per transfer id", () => {
    let l = inv.openLedger("S#0", 5);
    l = inv.reserve(l, undefined, "o1", 2, 60_000, T0).ledger;
    const d = split.transferOut(l, undefined, "t1", "S#1", 10, T0);
    expect(d.result).toEqual({ ok: true, value: { id: "t1", dir: "out", peer: "S#1", qty: 3, state: "pending" } });
    expect(inv.snapshot(d.ledger)).toMatchObject({ onHand: 2, reserved: 2, available: 0, transferred: -3 });
    expect(inv.conserved(inv.snapshot(d.ledger))).toBe(true);
    // A repeated id answers the first grant and changes nothing.
    const again = split.transferOut(d.ledger, d.transfer, "t1", "S#1", 10, T0);
    expect(again.result).toEqual(d.result);
    expect(again.ledger).toBe(d.ledger);
    // Nothing free: nothing moves and nothing is recorded.
    const none = split.transferOut(d.ledger, undefined, "t2", "S#1", 1, T0);
    expect(none.result).toEqual({ ok: true, value: null });
    expect(none.transfer).toBeUndefined();
  });

  it("frees due holds before deciding what can move", () => {
    const l = inv.reserve(inv.openLedger("S#0", 3), undefined, "o1", 3, 1000, T0).ledger;
    expect(split.transferOut(l, undefined, "t1", "S", 3, T0 + 1000).result).toMatchObject({ ok: true, value: { qty: 3 } });
  });

  it("credits once per transfer id", () => {
    const l = inv.openLedger("S#1", 0);
    const d = split.transferIn(l, undefined, "t1", "S#0", 3, T0);
    expect(inv.snapshot(d.ledger)).toMatchObject({ onHand: 3, available: 3, transferred: 3, version: 1 });
    expect(d.transfer).toMatchObject({ id: "t1", dir: "in", state: "done" });
    const again = split.transferIn(d.ledger, d.transfer, "t1", "S#0", 3, T0);
    expect(again.result).toEqual({ ok: true, value: false });
    expect(again.ledger).toBe(d.ledger);
  });

  it("rejects bad ids and quantities", () => {
    const l = inv.openLedger("S#0", 3);
    expect(split.transferOut(l, undefined, "", "S#1", 1, T0).result).toMatchObject({ ok: false, error: { code: "invalid_id" } });
    expect(split.transferOut(l, undefined, "t", "S#1", 0, T0).result).toMatchObject({ ok: false, error: { code: "invalid_quantity" } });
    expect(split.transferIn(l, undefined, "t", "S#1", -2, T0).result).toMatchObject({ ok: false, error: { code: "invalid_quantity" } });
  });

  it("keeps the whole SKU conserved, counting units in flight", () => {
    const main = inv.openLedger("S", 10);
    const out = split.transferOut(main, undefined, "t1", "S#0", 6, T0);
    const shard = inv.openLedger("S#0", 0);
    // In flight: debited at the donor, not yet credited.
    const mid = split.aggregate("S", [inv.snapshot(out.ledger), inv.snapshot(shard)]);
    expect(mid).toMatchObject({ initial: 10, onHand: 4, transferred: -6 });
    expect(inv.conserved(mid)).toBe(true);
    const credited = split.transferIn(shard, undefined, "t1", "S", 6, T0).ledger;
    const done = split.aggregate("S", [inv.snapshot(out.ledger), inv.snapshot(credited)]);
    expect(done).toMatchObject({ initial: 10, onHand: 10, available: 10, transferred: 0, version: 2 });
    expect(inv.conserved(done)).toBe(true);
  });
});
