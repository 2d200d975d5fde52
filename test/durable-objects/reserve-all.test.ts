// reserveAll / commitAll / releaseAll across several InventoryDOs: all or none, summed duplicate
// lines, the compensation that releases what was taken, and retries by orderId.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { commitAll, releaseAll, reserveAll } from "../../workers/inventory/reserve-all";
import { seedProduct, stockStub } from "../helpers/stock";

const snap = (sku: string) => stockStub(sku).snapshot(sku);

describe("reserveAll", () => {
  it("reserves every SKU of an order, duplicate lines as one summed hold", async () => {
    await Promise.all([seedProduct("RA-A1", 10), seedProduct("RA-B1", 4)]);
    const r = await reserveAll(env, "order-1", [
      { productId: "RA-A1", qty: 1 },
      { productId: "RA-B1", qty: 4 },
      { productId: "RA-A1", qty: 2 },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.reservations.map((x) => [x.productId, x.qty, x.status])).toEqual([
      ["RA-A1", 3, "active"],
      ["RA-B1", 4, "active"],
    ]);
    expect(await snap("RA-A1")).toMatchObject({ reserved: 3, available: 7, activeReservations: 1 });
    expect(await snap("RA-B1")).toMatchObject({ reserved: 4, available: 0 });
  });

  it("is all or none: one short SKU releases the holds already taken", async () => {
    await Promise.all([seedProduct("RA-A2", 5), seedProduct("RA-B2", 1), seedProduct("RA-C2", 5)]);
    const r = await reserveAll(env, "order-2", [
      { productId: "RA-A2", qty: 2 },
      { productId: "RA-B2", qty: 2 },
      { productId: "RA-C2", qty: 5 },
    ]);
    expect(r).toEqual({
      ok: false,
      failures: [{ productId: "RA-B2", code: "insufficient_stock", message: expect.any(String), available: 1 }],
    });
    for (const sku of ["RA-A2", "RA-C2"]) {
      expect(await snap(sku)).toMatchObject({ reserved: 0, available: 5 });
      expect(await stockStub(sku).reservation(sku, "order-2")).toMatchObject({ ok: true, value: { status: "released" } });
    }
    // The released holds are final: a retry of the same order does not silently hold again.
    const retry = await reserveAll(env, "order-2", [{ productId: "RA-A2", qty: 2 }]);
    expect(retry).toMatchObject({ ok: false, failures: [{ productId: "RA-A2", code: "reservation_final" }] });
    expect(await snap("RA-A2")).toMatchObject({ reserved: 0 });
  });

  it("reports every short SKU, and unknown products as empty", async () => {
    await Promise.all([seedProduct("RA-A3", 1), seedProduct("RA-B3", 0)]);
    const r = await reserveAll(env, "order-3", [
      { productId: "RA-A3", qty: 2 },
      { productId: "RA-B3", qty: 1 },
      { productId: "RA-NONE", qty: 1 },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failures.map((f) => [f.productId, f.code, f.available])).toEqual([
      ["RA-A3", "insufficient_stock", 1],
      ["RA-B3", "insufficient_stock", 0],
      ["RA-NONE", "insufficient_stock", 0],
    ]);
  });

  it("is idempotent: a retried order does not hold twice", async () => {
    await Promise.all([seedProduct("RA-A4", 6), seedProduct("RA-B4", 6)]);
    const lines = [
      { productId: "RA-A4", qty: 2 },
      { productId: "RA-B4", qty: 3 },
    ];
    const [a, b] = await Promise.all([reserveAll(env, "order-4", lines), reserveAll(env, "order-4", lines)]);
    expect(a).toEqual(b);
    expect(await reserveAll(env, "order-4", lines)).toEqual(a);
    expect(await snap("RA-A4")).toMatchObject({ reserved: 2, activeReservations: 1 });
    expect(await snap("RA-B4")).toMatchObject({ reserved: 3, activeReservations: 1 });
    // Same order, other quantities: refused, and the original holds are left alone.
    const changed = await reserveAll(env, "order-4", [{ productId: "RA-A4", qty: 5 }]);
    expect(changed).toMatchObject({ ok: false, failures: [{ productId: "RA-A4", code: "idempotency_mismatch" }] });
    expect(await snap("RA-A4")).toMatchObject({ reserved: 2 });
  });

  it("rejects empty orders and bad quantities before touching stock", async () => {
    await seedProduct("RA-A5", 5);
    expect(await reserveAll(env, "order-5", [])).toMatchObject({ ok: false, failures: [{ code: "invalid_quantity" }] });
    expect(await reserveAll(env, "order-5", [{ productId: "RA-A5", qty: 0 }])).toMatchObject({
      ok: false,
      failures: [{ productId: "RA-A5", code: "invalid_quantity" }],
    });
    expect(await reserveAll(env, "order-5", [{ productId: "RA-A5#0", qty: 1 }])).toMatchObject({
      ok: false,
      failures: [{ productId: "RA-A5#0", code: "invalid_id" }],
    });
    expect(await snap("RA-A5")).toMatchObject({ reserved: 0, version: 0 });
  });
});

describe("commitAll and releaseAll", () => {
  it("commits every hold once, and a release after commit is refused", async () => {
    await Promise.all([seedProduct("RA-A6", 5), seedProduct("RA-B6", 5)]);
    await reserveAll(env, "order-6", [
      { productId: "RA-A6", qty: 2 },
      { productId: "RA-B6", qty: 1 },
    ]);
    const c = await commitAll(env, "order-6", ["RA-A6", "RA-B6", "RA-A6"]);
    expect(c).toMatchObject({
      ok: true,
      reservations: [
        { productId: "RA-A6", status: "committed" },
        { productId: "RA-B6", status: "committed" },
      ],
    });
    expect(await commitAll(env, "order-6", ["RA-A6", "RA-B6"])).toMatchObject({ ok: true });
    expect(await snap("RA-A6")).toMatchObject({ sold: 2, onHand: 3 });
    expect(await releaseAll(env, "order-6", ["RA-A6"])).toMatchObject({ ok: false, failures: [{ code: "reservation_final" }] });
    // A retried reserve after the sale answers with the sale, not a new hold.
    expect(await reserveAll(env, "order-6", [{ productId: "RA-A6", qty: 2 }])).toMatchObject({
      ok: true,
      reservations: [{ status: "committed" }],
    });
    expect(await snap("RA-A6")).toMatchObject({ reserved: 0, sold: 2 });
  });

  it("reports a commit that can no longer happen, and which SKUs did commit", async () => {
    await Promise.all([seedProduct("RA-A7", 5), seedProduct("RA-B7", 5)]);
    await stockStub("RA-A7").reserve("RA-A7", "order-7", 1, 1);
    await stockStub("RA-B7").reserve("RA-B7", "order-7", 2);
    await new Promise((r) => setTimeout(r, 5));
    expect(await commitAll(env, "order-7", ["RA-A7", "RA-B7"])).toEqual({
      ok: false,
      failures: [{ productId: "RA-A7", code: "reservation_expired", message: expect.any(String) }],
      reservations: [{ productId: "RA-B7", orderId: "order-7", qty: 2, status: "committed", expiresAt: expect.any(Number) }],
    });
    expect(await commitAll(env, "order-unknown", ["RA-A7"])).toMatchObject({ ok: false, failures: [{ code: "reservation_not_found" }] });
  });

  it("releases every hold, and releasing again or releasing nothing is fine", async () => {
    await Promise.all([seedProduct("RA-A8", 5), seedProduct("RA-B8", 5)]);
    await reserveAll(env, "order-8", [
      { productId: "RA-A8", qty: 5 },
      { productId: "RA-B8", qty: 5 },
    ]);
    expect(await releaseAll(env, "order-8", ["RA-A8", "RA-B8"])).toMatchObject({
      ok: true,
      reservations: [{ status: "released" }, { status: "released" }],
    });
    expect(await releaseAll(env, "order-8", ["RA-A8", "RA-B8"])).toMatchObject({ ok: true });
    expect(await releaseAll(env, "order-none", ["RA-A8"])).toEqual({ ok: true, reservations: [] });
    expect(await snap("RA-A8")).toMatchObject({ available: 5, reserved: 0 });
  });
});
