// InventoryDO through RPC: initial stock from D1, the reservation lifecycle, the expiry alarm,
// state across evictions, and the D1 projection it keeps up to date.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { levelRow, projectionAt, seedProduct, sleep, stockStub } from "../helpers/stock";

describe("InventoryDO", () => {
  it("takes its initial stock from the version-0 projection row", async () => {
    await seedProduct("DO-INIT", 12);
    const s = await stockStub("DO-INIT").snapshot("DO-INIT");
    expect(s).toMatchObject({ sku: "DO-INIT", onHand: 12, available: 12, reserved: 0, sold: 0, initial: 12, version: 0, transferred: 0 });
  });

  it("starts at zero without a projection row and refuses to reserve", async () => {
    await seedProduct("DO-NOROW");
    const stock = stockStub("DO-NOROW");
    const r = await stock.reserve("DO-NOROW", "o1", 1);
    expect(r).toMatchObject({ ok: false, error: { type: "not_allowed", code: "insufficient_stock", available: 0 } });
    expect(await stock.snapshot("DO-NOROW")).toMatchObject({ onHand: 0, initial: 0 });
  });

  it("refuses a SKU other than the one it was first used for", async () => {
    await seedProduct("DO-SKU", 3);
    const stock = stockStub("DO-SKU");
    await stock.snapshot("DO-SKU");
    expect(await stock.reserve("DO-OTHER", "o1", 1)).toMatchObject({ ok: false, error: { code: "invalid_id" } });
  });

  it("reserves, commits and updates the D1 projection", async () => {
    await seedProduct("DO-FLOW", 10);
    const stock = stockStub("DO-FLOW");
    const before = Date.now();
    const r = await stock.reserve("DO-FLOW", "order-1", 3);
    expect(r).toMatchObject({ ok: true, value: { orderId: "order-1", qty: 3, status: "active" } });
    // The default hold is RESERVATION_TTL_SECONDS (300 s).
    if (r.ok) expect(r.value.expiresAt).toBeGreaterThanOrEqual(before + 300_000);
    expect(await projectionAt("DO-FLOW", 1)).toMatchObject({ on_hand: 10, reserved: 3, available: 7, sold: 0, version: 1 });

    expect(await stock.commit("DO-FLOW", "order-1")).toMatchObject({ ok: true, value: { status: "committed" } });
    expect(await stock.commit("DO-FLOW", "order-1")).toMatchObject({ ok: true, value: { status: "committed" } });
    expect(await stock.snapshot("DO-FLOW")).toMatchObject({ onHand: 7, sold: 3, reserved: 0, available: 7, version: 2 });
    expect(await projectionAt("DO-FLOW", 2)).toMatchObject({ on_hand: 7, reserved: 0, available: 7, sold: 3, version: 2 });
    expect(await stock.reservation("DO-FLOW", "order-1")).toMatchObject({ ok: true, value: { status: "committed", qty: 3 } });
    expect(await stock.reservation("DO-FLOW", "nobody")).toMatchObject({ ok: false, error: { code: "reservation_not_found" } });
  });

  it("is idempotent by orderId and refuses a different quantity", async () => {
    await seedProduct("DO-IDEM", 5);
    const stock = stockStub("DO-IDEM");
    const a = await stock.reserve("DO-IDEM", "o1", 2);
    expect(await stock.reserve("DO-IDEM", "o1", 2)).toEqual(a);
    expect(await stock.reserve("DO-IDEM", "o1", 4)).toMatchObject({
      ok: false,
      error: { type: "not_allowed", code: "idempotency_mismatch" },
    });
    expect(await stock.snapshot("DO-IDEM")).toMatchObject({ reserved: 2, available: 3 });
  });

  it("releases safely twice and refuses to release a sale", async () => {
    await seedProduct("DO-REL", 5);
    const stock = stockStub("DO-REL");
    await stock.reserve("DO-REL", "r1", 5);
    expect(await stock.release("DO-REL", "r1")).toMatchObject({ ok: true, value: { status: "released" } });
    expect(await stock.release("DO-REL", "r1")).toMatchObject({ ok: true, value: { status: "released" } });
    expect(await stock.release("DO-REL", "ghost")).toMatchObject({ ok: false, error: { code: "reservation_not_found" } });
    expect(await stock.commit("DO-REL", "r1")).toMatchObject({ ok: false, error: { code: "reservation_final" } });
    await stock.reserve("DO-REL", "c1", 1);
    await stock.commit("DO-REL", "c1");
    expect(await stock.release("DO-REL", "c1")).toMatchObject({ ok: false, error: { type: "not_allowed", code: "reservation_final" } });
    expect(await stock.snapshot("DO-REL")).toMatchObject({ onHand: 4, sold: 1, available: 4 });
  });

  it("expires holds in its alarm and re-arms for the next one", async () => {
    await seedProduct("DO-ALARM", 10);
    const stock = stockStub("DO-ALARM");
    await stock.reserve("DO-ALARM", "short", 4, 30);
    await stock.reserve("DO-ALARM", "long", 1, 3_600_000);
    await sleep(40);
    await runDurableObjectAlarm(stock); // may already have fired on its own: the state is what counts
    expect(await stock.reservation("DO-ALARM", "short")).toMatchObject({ ok: true, value: { status: "expired" } });
    expect(await stock.snapshot("DO-ALARM")).toMatchObject({ reserved: 1, available: 9, activeReservations: 1 });
    const next = await runInDurableObject(stock, (_, state) => state.storage.getAlarm());
    const long = await stock.reservation("DO-ALARM", "long");
    expect(next).toBe(long.ok ? long.value.expiresAt : -1);
    // Running it again changes nothing (idempotent).
    const v = (await stock.snapshot("DO-ALARM")).version;
    await runDurableObjectAlarm(stock);
    expect((await stock.snapshot("DO-ALARM")).version).toBe(v);
    expect(await stock.commit("DO-ALARM", "short")).toMatchObject({ ok: false, error: { code: "reservation_expired" } });
    expect(await stock.reserve("DO-ALARM", "short", 4)).toMatchObject({ ok: true, value: { status: "expired" } });
  });

  it("refuses to commit a hold past its expiry even before the alarm runs", async () => {
    await seedProduct("DO-LATE", 2);
    const stock = stockStub("DO-LATE");
    await stock.reserve("DO-LATE", "late", 2, 3_600_000);
    // Move the hold's expiry into the past behind the alarm's back.
    await runInDurableObject(stock, async (_, state) => {
      state.storage.sql.exec(`UPDATE reservations SET expires_at = 1 WHERE order_id = 'late'`);
    });
    await evictDurableObject(stock);
    expect(await stock.commit("DO-LATE", "late")).toMatchObject({ ok: false, error: { code: "reservation_expired" } });
    expect(await stock.snapshot("DO-LATE")).toMatchObject({ reserved: 0, available: 2, sold: 0 });
  });

  it("keeps its state, holds and alarm across an eviction", async () => {
    await seedProduct("DO-EVICT", 8);
    const stock = stockStub("DO-EVICT");
    await stock.reserve("DO-EVICT", "e1", 3);
    await stock.reserve("DO-EVICT", "e2", 2, 30);
    await stock.restock("DO-EVICT", 4, "delivery-1");
    const before = await stock.snapshot("DO-EVICT");
    await evictDurableObject(stock);
    expect(await stock.snapshot("DO-EVICT")).toEqual(before);
    expect(await stock.restock("DO-EVICT", 4, "delivery-1")).toMatchObject({ ok: true, value: { onHand: 12, restocked: 4 } });
    expect(await stock.commit("DO-EVICT", "e1")).toMatchObject({ ok: true, value: { status: "committed" } });
    await sleep(40);
    await evictDurableObject(stock);
    await runDurableObjectAlarm(stock);
    expect(await stock.snapshot("DO-EVICT")).toMatchObject({ onHand: 9, sold: 3, reserved: 0, available: 9, restocked: 4 });
  });

  it("restocks and counts idempotently and never counts below the held units", async () => {
    await seedProduct("DO-COUNT", 5);
    const stock = stockStub("DO-COUNT");
    await stock.reserve("DO-COUNT", "h", 3);
    expect(await stock.adjust("DO-COUNT", 2, "count-1")).toMatchObject({ ok: false, error: { code: "below_reserved" } });
    expect(await stock.adjust("DO-COUNT", 4, "count-1")).toMatchObject({ ok: true, value: { onHand: 4, adjusted: -1, available: 1 } });
    expect(await stock.adjust("DO-COUNT", 4, "count-1")).toMatchObject({ ok: true, value: { onHand: 4, adjusted: -1 } });
    expect(await stock.restock("DO-COUNT", 6, "count-1")).toMatchObject({ ok: false, error: { code: "idempotency_mismatch" } });
    expect(await stock.restock("DO-COUNT", 0, "r0")).toMatchObject({ ok: false, error: { code: "invalid_quantity" } });
    const s = await stock.snapshot("DO-COUNT");
    expect(await projectionAt("DO-COUNT", s.version)).toMatchObject({ on_hand: 4, available: 1, reserved: 3 });
  });

  it("serialises concurrent first calls: 20 orders for 10 units, exactly 10 succeed", async () => {
    await seedProduct("DO-RACE", 10);
    const stock = stockStub("DO-RACE");
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stock.reserve("DO-RACE", `race-${i}`, 1)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.error.code === "insufficient_stock")).toHaveLength(10);
    expect(await stock.snapshot("DO-RACE")).toMatchObject({ initial: 10, reserved: 10, available: 0 });
  });

  it("projects every version, ending at the latest", async () => {
    await seedProduct("DO-PROJ", 3);
    const stock = stockStub("DO-PROJ");
    for (let i = 0; i < 3; i++) await stock.reserve("DO-PROJ", `p${i}`, 1);
    const row = await projectionAt("DO-PROJ", 3);
    expect(row).toMatchObject({ version: 3, available: 0, reserved: 3 });
    expect(await levelRow("DO-PROJ")).toMatchObject({ version: 3 });
  });
});
