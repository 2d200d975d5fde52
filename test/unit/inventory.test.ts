// The pure stock rules (workers/inventory/inventory.ts): every reservation transition, restock and
// counts by opId, and the conservation invariant after each step.
import { describe, expect, it } from "vitest";
import * as inv from "../../workers/inventory/inventory";
import type { Decision, Ledger, Reservation, StockOp } from "../../workers/inventory/inventory";

const T0 = 1_000_000;
const TTL = 60_000;

/** A tiny in-memory "storage": applies decisions and remembers finished reservations and ops. */
const harness = (initial = 10) => {
  let ledger: Ledger = inv.openLedger("SKU1", initial);
  const stored = new Map<string, Reservation>();
  const ops = new Map<string, StockOp>();
  const apply = <T>(d: Decision<T>) => {
    for (const r of d.writes) stored.set(r.orderId, r);
    if (d.op) ops.set(d.op.opId, d.op);
    if (d.ledger !== ledger) expect(d.ledger.stock.version).toBe(ledger.stock.version + 1);
    ledger = d.ledger;
    expect(inv.conserved(inv.snapshot(ledger))).toBe(true);
    return d.result;
  };
  return {
    get ledger() {
      return ledger;
    },
    snap: () => inv.snapshot(ledger),
    reserve: (id: string, qty: number, now = T0, ttl = TTL) => apply(inv.reserve(ledger, stored.get(id), id, qty, ttl, now)),
    commit: (id: string, now = T0) => apply(inv.commit(ledger, stored.get(id), id, now)),
    release: (id: string, now = T0) => apply(inv.release(ledger, stored.get(id), id, now)),
    expire: (now: number) => apply(inv.expireDue(ledger, now)),
    restock: (qty: number, opId: string, now = T0) => apply(inv.restock(ledger, ops.get(opId), qty, opId, now)),
    adjust: (onHand: number, opId: string, now = T0) => apply(inv.adjust(ledger, ops.get(opId), onHand, opId, now)),
  };
};

const errorCode = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? "ok" : r.error?.code);

describe("inventory rules: reserve", () => {
  it("holds units and lowers available, not on hand", () => {
    const h = harness(10);
    const r = h.reserve("o1", 3);
    expect(r).toEqual({ ok: true, value: { orderId: "o1", qty: 3, status: "active", expiresAt: T0 + TTL } });
    expect(h.snap()).toMatchObject({ onHand: 10, reserved: 3, available: 7, activeReservations: 1, nextExpiry: T0 + TTL, version: 1 });
  });

  it("refuses more than available with insufficient_stock and the available count", () => {
    const h = harness(5);
    h.reserve("o1", 4);
    const r = h.reserve("o2", 2);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ type: "not_allowed", code: "insufficient_stock", available: 1 });
    expect(r.error.message).toContain("only 1");
    expect(h.snap().version).toBe(1); // a refusal changes nothing
  });

  it("takes the last unit exactly, then none", () => {
    const h = harness(2);
    expect(h.reserve("a", 2).ok).toBe(true);
    expect(errorCode(h.reserve("b", 1))).toBe("insufficient_stock");
    expect(h.snap().available).toBe(0);
  });

  it("validates quantity, ttl and ids", () => {
    const h = harness(5);
    for (const q of [0, -1, 1.5, Number.NaN, inv.MAX_RESERVE_QTY + 1]) expect(errorCode(h.reserve(`q${q}`, q))).toBe("invalid_quantity");
    expect(errorCode(h.reserve("t", 1, T0, 0))).toBe("invalid_quantity");
    expect(errorCode(h.reserve("", 1))).toBe("invalid_id");
    expect(errorCode(h.reserve("x".repeat(201), 1))).toBe("invalid_id");
    expect(h.snap().version).toBe(0);
  });

  it("is idempotent by orderId: same qty returns the same hold, another qty conflicts", () => {
    const h = harness(5);
    const first = h.reserve("o1", 2);
    expect(h.reserve("o1", 2, T0 + 5)).toEqual(first);
    expect(h.snap()).toMatchObject({ reserved: 2, version: 1 });
    const r = h.reserve("o1", 3);
    expect(r.ok || r.error).toMatchObject({ type: "not_allowed", code: "idempotency_mismatch" });
  });

  it("returns a finished hold as it is instead of holding again", () => {
    const h = harness(5);
    h.reserve("rel", 1);
    h.release("rel");
    expect(h.reserve("rel", 1)).toMatchObject({ ok: true, value: { status: "released" } });
    h.reserve("exp", 1);
    expect(h.reserve("exp", 1, T0 + TTL)).toMatchObject({ ok: true, value: { status: "expired" } });
    h.reserve("com", 1);
    h.commit("com");
    expect(h.reserve("com", 1)).toMatchObject({ ok: true, value: { status: "committed" } });
    expect(h.snap()).toMatchObject({ reserved: 0, sold: 1, onHand: 4 });
  });

  it("counts units of due holds as free even before the alarm runs", () => {
    const h = harness(3);
    h.reserve("old", 3);
    expect(h.reserve("new", 3, T0 + TTL)).toMatchObject({ ok: true, value: { status: "active" } });
    expect(h.snap()).toMatchObject({ reserved: 3, activeReservations: 1 });
  });
});

describe("inventory rules: commit", () => {
  it("turns a hold into a sale and is idempotent", () => {
    const h = harness(10);
    h.reserve("o1", 4);
    expect(h.commit("o1")).toMatchObject({ ok: true, value: { status: "committed", qty: 4 } });
    expect(h.snap()).toMatchObject({ onHand: 6, sold: 4, reserved: 0, available: 6, version: 2 });
    expect(h.commit("o1")).toMatchObject({ ok: true, value: { status: "committed" } });
    expect(h.snap()).toMatchObject({ onHand: 6, sold: 4, version: 2 });
  });

  it("refuses expired, released and unknown holds", () => {
    const h = harness(10);
    h.reserve("e", 1);
    h.expire(T0 + TTL);
    expect(errorCode(h.commit("e", T0 + TTL))).toBe("reservation_expired");
    h.reserve("r", 1);
    h.release("r");
    expect(errorCode(h.commit("r"))).toBe("reservation_final");
    const unknown = h.commit("nobody");
    expect(unknown.ok || unknown.error).toMatchObject({ type: "not_found", code: "reservation_not_found" });
    expect(h.snap()).toMatchObject({ sold: 0, onHand: 10 });
  });

  it("expires a hold whose time has passed though the alarm has not run, then refuses", () => {
    const h = harness(10);
    h.reserve("late", 2);
    const before = h.snap().version;
    expect(errorCode(h.commit("late", T0 + TTL))).toBe("reservation_expired");
    expect(h.snap()).toMatchObject({ reserved: 0, sold: 0, version: before + 1 });
    expect(h.reserve("late", 2)).toMatchObject({ ok: true, value: { status: "expired" } });
  });

  it("commits one millisecond before expiry", () => {
    const h = harness(1);
    h.reserve("edge", 1);
    expect(h.commit("edge", T0 + TTL - 1).ok).toBe(true);
  });
});

describe("inventory rules: release and expiry", () => {
  it("releases an active hold, and a second release is a no-op", () => {
    const h = harness(5);
    h.reserve("o1", 5);
    expect(h.release("o1")).toMatchObject({ ok: true, value: { status: "released" } });
    const v = h.snap().version;
    expect(h.release("o1")).toMatchObject({ ok: true, value: { status: "released" } });
    expect(h.snap()).toMatchObject({ available: 5, reserved: 0, version: v });
  });

  it("leaves expired holds alone, refuses committed ones, and answers not_found for unknown orders", () => {
    const h = harness(5);
    h.reserve("e", 1);
    expect(h.release("e", T0 + TTL)).toMatchObject({ ok: true, value: { status: "expired" } });
    h.reserve("c", 1);
    h.commit("c");
    expect(errorCode(h.release("c"))).toBe("reservation_final");
    expect(errorCode(h.release("ghost"))).toBe("reservation_not_found");
  });

  it("expireDue expires exactly the due holds, once", () => {
    const h = harness(10);
    h.reserve("a", 1, T0, 1000);
    h.reserve("b", 2, T0, 2000);
    h.reserve("c", 3, T0, 3000);
    expect(h.expire(T0 + 1999)).toEqual({ ok: true, value: 1 });
    expect(h.expire(T0 + 2000)).toEqual({ ok: true, value: 1 });
    const v = h.snap().version;
    expect(h.expire(T0 + 2000)).toEqual({ ok: true, value: 0 });
    expect(h.snap()).toMatchObject({ reserved: 3, available: 7, nextExpiry: T0 + 3000, version: v });
  });
});

describe("inventory rules: restock and adjust", () => {
  it("restocks once per opId and rejects a reused opId with another quantity", () => {
    const h = harness(1);
    expect(h.restock(5, "op1")).toMatchObject({ ok: true, value: { onHand: 6, restocked: 5 } });
    expect(h.restock(5, "op1")).toMatchObject({ ok: true, value: { onHand: 6, restocked: 5, version: 1 } });
    expect(errorCode(h.restock(6, "op1"))).toBe("idempotency_mismatch");
    expect(errorCode(h.adjust(5, "op1"))).toBe("idempotency_mismatch");
    expect(errorCode(h.restock(0, "op2"))).toBe("invalid_quantity");
    expect(errorCode(h.restock(1, ""))).toBe("invalid_id");
  });

  it("adjusts to an absolute count and tracks the difference", () => {
    const h = harness(10);
    h.reserve("o1", 2);
    h.commit("o1");
    expect(h.adjust(5, "count1")).toMatchObject({ ok: true, value: { onHand: 5, adjusted: -3, sold: 2 } });
    expect(h.adjust(12, "count2")).toMatchObject({ ok: true, value: { onHand: 12, adjusted: 4 } });
    expect(h.adjust(12, "count2")).toMatchObject({ ok: true, value: { adjusted: 4 } });
  });

  it("refuses a count below the held units", () => {
    const h = harness(10);
    h.reserve("o1", 4);
    const r = h.adjust(3, "count");
    expect(r.ok || r.error).toMatchObject({ code: "below_reserved", available: 6 });
    expect(h.adjust(4, "count")).toMatchObject({ ok: true, value: { onHand: 4, available: 0, reserved: 4 } });
    expect(errorCode(h.adjust(-1, "neg"))).toBe("invalid_quantity");
  });
});

describe("inventory rules: conservation", () => {
  it("holds after a long random walk (seeded)", () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed >>> 8) % n;
    };
    const h = harness(20);
    let now = T0;
    for (let i = 0; i < 3000; i++) {
      now += rand(5000);
      const id = `o${rand(i + 5)}`;
      switch (rand(7)) {
        case 0:
        case 1:
          h.reserve(id, 1 + rand(4), now);
          break;
        case 2:
          h.commit(id, now);
          break;
        case 3:
          h.release(id, now);
          break;
        case 4:
          h.expire(now);
          break;
        case 5:
          h.restock(1 + rand(5), `r${rand(i + 5)}`, now);
          break;
        case 6:
          h.adjust(rand(30), `a${rand(i + 5)}`, now);
          break;
      }
      const s = h.snap();
      expect(s.available).toBeGreaterThanOrEqual(0);
      expect(s.initial + s.restocked + s.adjusted).toBe(s.onHand + s.sold);
    }
    expect(h.snap().version).toBeGreaterThan(1000);
  });
});
