// Hot SKUs split across shard objects: the split itself, routing by home shard, pulling units from
// other shards, the flash sale (never oversold, sold out only when all are empty), interrupted
// transfers, and ending the split.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Decision, Ledger } from "../../workers/inventory/inventory";
import { homeIndex, shardName, split as splitRules, transferOut } from "../../workers/inventory/shard-rules";
import { commitAll, releaseAll, reserveAll } from "../../workers/inventory/reserve-all";
import { reservationOf, skuStock, splitSku, unsplitSku } from "../../workers/inventory/sharding";
import { checkWhole, parts } from "../helpers/shards";
import { levelRow, seedProduct, sleep, stockStub } from "../helpers/stock";

/** Order ids whose home is shard `home` of `n`. */
const ordersHomedAt = (prefix: string, home: number, n: number, count: number) => {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) if (homeIndex(`${prefix}-${i}`, n) === home) out.push(`${prefix}-${i}`);
  return out;
};

const waitFor = async (check: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe("splitting a SKU", () => {
  it("spreads the free units over the shards; holds already taken stay with the main object", async () => {
    await seedProduct("SH-SPLIT", 10);
    const main = stockStub("SH-SPLIT");
    await main.reserve("SH-SPLIT", "before-split", 2);
    expect(await splitSku(env, "SH-SPLIT", 4)).toEqual({ ok: true, value: { n: 4, on: true } });
    const [own, ...shards] = await parts("SH-SPLIT", 4);
    expect(own).toMatchObject({ onHand: 2, reserved: 2, available: 0, transferred: -8 });
    expect(shards.map((s) => s.available)).toEqual(splitRules(8, 4));
    expect(await skuStock(env, "SH-SPLIT")).toMatchObject({ sku: "SH-SPLIT", initial: 10, available: 8, reserved: 2, transferred: 0 });
    await checkWhole("SH-SPLIT", 4);

    // Idempotent; the shard count is fixed; a count of the whole SKU is refused while split.
    expect(await splitSku(env, "SH-SPLIT", 4)).toEqual({ ok: true, value: { n: 4, on: true } });
    expect(await splitSku(env, "SH-SPLIT", 8)).toMatchObject({ ok: false, error: { code: "stock_split" } });
    expect(await main.adjust("SH-SPLIT", 50, "count-1")).toMatchObject({ ok: false, error: { code: "stock_split" } });
    expect((await skuStock(env, "SH-SPLIT")).available).toBe(8);

    // The hold taken before the split is still found and committed at the main object.
    expect(await commitAll(env, "before-split", ["SH-SPLIT"])).toMatchObject({ ok: true, reservations: [{ status: "committed", qty: 2 }] });
    // The projection shows the whole SKU, not just the main object.
    await waitFor(async () => (await levelRow("SH-SPLIT"))?.sold === 2, "projection");
    expect(await levelRow("SH-SPLIT")).toMatchObject({ on_hand: 8, available: 8, reserved: 0, sold: 2 });
  });

  it("takes an order's hold on its home shard, idempotently", async () => {
    await seedProduct("SH-HOME", 40);
    await splitSku(env, "SH-HOME", 4);
    const r = await reserveAll(env, "order-h1", [
      { productId: "SH-HOME", qty: 2 },
      { productId: "SH-HOME", qty: 1 },
    ]);
    expect(r).toMatchObject({ ok: true, reservations: [{ productId: "SH-HOME", qty: 3, status: "active" }] });
    expect(await reserveAll(env, "order-h1", [{ productId: "SH-HOME", qty: 3 }])).toEqual(r);
    const home = shardName("SH-HOME", homeIndex("order-h1", 4));
    expect(await stockStub(home).reservation(home, "order-h1")).toMatchObject({ ok: true, value: { qty: 3 } });
    expect(await reservationOf(env, "SH-HOME", "order-h1")).toMatchObject({ ok: true, value: { qty: 3, status: "active" } });
    // Asked directly, the main object no longer takes holds: the caller must re-route.
    expect(await stockStub("SH-HOME").reserve("SH-HOME", "direct", 1)).toMatchObject({ ok: false, error: { code: "stale_version" } });
    expect(await commitAll(env, "order-h1", ["SH-HOME"])).toMatchObject({ ok: true, reservations: [{ status: "committed" }] });
    expect(await skuStock(env, "SH-HOME")).toMatchObject({ sold: 3, reserved: 0, available: 37 });
    await checkWhole("SH-HOME", 4);
  });

  it("pulls units to a short home shard and says sold out only when every object is empty", async () => {
    await seedProduct("SH-PULL", 4);
    await splitSku(env, "SH-PULL", 4); // one unit per shard
    const orders = ordersHomedAt("pull", 0, 4, 5);
    for (const id of orders.slice(0, 4)) {
      expect(await reserveAll(env, id, [{ productId: "SH-PULL", qty: 1 }])).toMatchObject({ ok: true });
    }
    const last = await reserveAll(env, orders[4] as string, [{ productId: "SH-PULL", qty: 1 }]);
    expect(last).toEqual({
      ok: false,
      failures: [{ productId: "SH-PULL", code: "insufficient_stock", message: "only 0 of SH-PULL available, 1 requested", available: 0 }],
    });
    const ps = await parts("SH-PULL", 4);
    expect(ps.map((p) => p.available)).toEqual([0, 0, 0, 0, 0]);
    expect(ps[1]).toMatchObject({ reserved: 4, activeReservations: 4 }); // all on the home shard
    await checkWhole("SH-PULL", 4);
  });

  it("pulls several units for one line, from more than one object", async () => {
    await seedProduct("SH-MULTI", 8);
    await splitSku(env, "SH-MULTI", 4);
    const [id] = ordersHomedAt("multi", 2, 4, 1);
    expect(await reserveAll(env, id as string, [{ productId: "SH-MULTI", qty: 7 }])).toMatchObject({
      ok: true,
      reservations: [{ qty: 7 }],
    });
    expect(await reserveAll(env, "multi-more", [{ productId: "SH-MULTI", qty: 2 }])).toMatchObject({
      ok: false,
      failures: [{ code: "insufficient_stock", available: 1 }],
    });
    expect((await skuStock(env, "SH-MULTI")).available).toBe(1);
    await checkWhole("SH-MULTI", 4);
  });

  it("flash sale: 1,000 concurrent orders for 100 units on 4 shards, exactly 100 succeed", async () => {
    await seedProduct("SH-FLASH", 100);
    await splitSku(env, "SH-FLASH", 4);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => reserveAll(env, `flash-${i}`, [{ productId: "SH-FLASH", qty: 1 }])),
    );
    const won = results.flatMap((r, i) => (r.ok ? [`flash-${i}`] : []));
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(100);
    expect(lost).toHaveLength(900);
    for (const r of lost) expect(r).toMatchObject({ ok: false, failures: [{ code: "insufficient_stock", available: 0 }] });
    // Sold out, and every object really is empty.
    expect((await parts("SH-FLASH", 4)).map((p) => p.available)).toEqual([0, 0, 0, 0, 0]);
    expect(await checkWhole("SH-FLASH", 4)).toMatchObject({ reserved: 100, available: 0, sold: 0 });
    // The winners pay; retried orders change nothing.
    const commits = await Promise.all(won.map((id) => commitAll(env, id, ["SH-FLASH"])));
    expect(commits.every((c) => c.ok)).toBe(true);
    await Promise.all(won.slice(0, 50).map((id) => reserveAll(env, id, [{ productId: "SH-FLASH", qty: 1 }])));
    expect(await checkWhole("SH-FLASH", 4)).toMatchObject({ sold: 100, reserved: 0, available: 0, onHand: 0 });
  });

  it("finishes a transfer interrupted between the debit and the credit", async () => {
    await seedProduct("SH-CRASH", 8);
    await splitSku(env, "SH-CRASH", 2);
    const donor = stockStub("SH-CRASH#1");
    // The donor debits and records the transfer, then "crashes" before handing it over.
    await runInDurableObject(donor, (instance) => {
      const o = instance as unknown as { ledger: Ledger; apply: (d: Decision<unknown>) => unknown };
      o.apply(transferOut(o.ledger, undefined, "t-crash", "SH-CRASH#0", 3, Date.now()));
    });
    await evictDurableObject(donor);
    expect(await checkWhole("SH-CRASH", 2)).toMatchObject({ transferred: -3, available: 5 });
    await runDurableObjectAlarm(donor); // the alarm finishes what is pending
    await waitFor(async () => (await stockStub("SH-CRASH#0").snapshot("SH-CRASH#0")).available === 7, "credit");
    // A duplicate delivery is credited once.
    await stockStub("SH-CRASH#0").receive("SH-CRASH#0", { id: "t-crash", from: "SH-CRASH#1", qty: 3 });
    expect(await checkWhole("SH-CRASH", 2)).toMatchObject({ transferred: 0, available: 8 });
    expect((await parts("SH-CRASH", 2)).map((p) => p.available)).toEqual([0, 7, 1]);
  });

  it("ending the split brings free units home and keeps holds on the shards findable", async () => {
    await seedProduct("SH-END", 20);
    await splitSku(env, "SH-END", 4);
    const orders = ["end-a", "end-b", "end-c", "end-d"];
    for (const id of orders) await reserveAll(env, id, [{ productId: "SH-END", qty: 2 }]);
    expect(await unsplitSku(env, "SH-END")).toEqual({ ok: true, value: { n: 4, on: false } });
    await waitFor(async () => (await stockStub("SH-END").snapshot("SH-END", true)).available === 12, "units home");
    const [own, ...shards] = await checkWhole("SH-END", 4).then(() => parts("SH-END", 4));
    expect(own).toMatchObject({ available: 12, reserved: 0 });
    expect(shards.reduce((a, s) => a + s.reserved, 0)).toBe(8);
    expect(shards.every((s) => s.available === 0)).toBe(true);

    // Holds taken while split are still committed and released where they are.
    expect(await commitAll(env, "end-a", ["SH-END"])).toMatchObject({ ok: true, reservations: [{ status: "committed" }] });
    expect(await releaseAll(env, "end-b", ["SH-END"])).toMatchObject({ ok: true, reservations: [{ status: "released" }] });
    // The released units go back to the main object; new holds are taken there.
    await waitFor(async () => (await stockStub("SH-END").snapshot("SH-END", true)).available === 14, "released units home");
    expect(await reserveAll(env, "end-new", [{ productId: "SH-END", qty: 14 }])).toMatchObject({ ok: true });
    expect(await stockStub("SH-END").reservation("SH-END", "end-new")).toMatchObject({ ok: true, value: { qty: 14 } });
    const retired = shardName("SH-END", 0);
    expect(await stockStub(retired).reserve(retired, "direct", 1)).toMatchObject({ ok: false, error: { code: "stale_version" } });
    expect(await checkWhole("SH-END", 4)).toMatchObject({ sold: 2, reserved: 18, available: 0 });

    // Splitting again (same count) reuses the shards.
    expect(await splitSku(env, "SH-END", 4)).toMatchObject({ ok: true });
    expect(await reserveAll(env, "end-c", [{ productId: "SH-END", qty: 2 }])).toMatchObject({
      ok: true,
      reservations: [{ status: "active" }],
    });
    await checkWhole("SH-END", 4);
  });
});
