// The CartDO over RPC: results as values, serialised concurrent adds, state surviving eviction,
// guest-cart merges, and the one alarm that deletes an abandoned cart.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cartTtlSeconds, MAX_LINE_QTY, type LineOffer } from "../../workers/cart/cart";

let n = 0;
const freshCart = () => env.CART.getByName(`test:${n++}:${crypto.randomUUID()}`);
const offer = (productId: string, qty: number, over: Partial<LineOffer> = {}): LineOffer => ({
  productId,
  qty,
  priceMinor: 295,
  currency: "GBP",
  available: 1000,
  ...over,
});
const ttlMs = cartTtlSeconds(env.CART_TTL_SECONDS) * 1000;

/** The tables in the cart's storage: none means the object holds nothing at all. */
const storedTables = (cart: ReturnType<typeof freshCart>) =>
  runInDurableObject(cart, (_instance, state) =>
    state.storage.sql
      .exec<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'cart_%'`)
      .toArray()
      .map((r) => r.name),
  );

/** Pretends the cart's last change happened `ms` earlier than it did. */
const ageBy = (cart: ReturnType<typeof freshCart>, ms: number) =>
  runInDurableObject(cart, (_instance, state) => {
    state.storage.sql.exec(`UPDATE cart_meta SET value = value - ? WHERE key = 'last_activity'`, ms);
  });

describe("CartDO lines", () => {
  it("starts empty and stores added lines", async () => {
    const cart = freshCart();
    expect(await cart.lines()).toEqual([]);
    const res = await cart.add(offer("A1", 2));
    expect(res.ok).toBe(true);
    const lines = await cart.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ productId: "A1", qty: 2, priceAtAdd: 295, currency: "GBP" });
    expect(res.ok && res.value).toEqual(lines);
  });

  it("answers expected failures as values, not thrown errors", async () => {
    const cart = freshCart();
    expect(await cart.add(offer("A1", MAX_LINE_QTY + 1))).toEqual({
      ok: false,
      error: { type: "not_allowed", code: "line_limit", message: expect.any(String) },
    });
    expect(await cart.add(offer("A1", 5, { available: 3 }))).toMatchObject({
      ok: false,
      error: { code: "insufficient_stock", message: expect.stringContaining("3") },
    });
    expect(await cart.setQty("NOPE", 1, 10)).toMatchObject({ ok: false, error: { type: "not_found", code: "cart_line_not_found" } });
    expect(await cart.remove("NOPE")).toMatchObject({ ok: false, error: { code: "cart_line_not_found" } });
    await cart.add(offer("A1", 1));
    expect(await cart.add(offer("B1", 1, { currency: "USD" }))).toMatchObject({ ok: false, error: { code: "currency_mismatch" } });
    expect(await cart.lines()).toHaveLength(1);
  });

  it("sets, removes and clears lines", async () => {
    const cart = freshCart();
    await cart.add(offer("A1", 1));
    await cart.add(offer("B1", 1));
    expect(await cart.setQty("A1", 7, 10)).toMatchObject({
      ok: true,
      value: [
        { productId: "A1", qty: 7 },
        { productId: "B1", qty: 1 },
      ],
    });
    expect(await cart.remove("B1")).toMatchObject({ ok: true, value: [{ productId: "A1" }] });
    const cleared = await cart.clear();
    expect(cleared).toMatchObject({ ok: true, value: [{ productId: "A1", qty: 7 }] });
    expect(await cart.lines()).toEqual([]);
  });

  it("loses nothing when many adds arrive at once", async () => {
    const cart = freshCart();
    await Promise.all(Array.from({ length: 20 }, () => cart.add(offer("A1", 1))));
    await Promise.all(Array.from({ length: 10 }, (_, i) => cart.add(offer(`P${i}`, 2))));
    const lines = await cart.lines();
    expect(lines.find((l) => l.productId === "A1")!.qty).toBe(20);
    expect(lines).toHaveLength(11);
  });

  it("refuses concurrent adds beyond the stock exactly at the limit", async () => {
    const cart = freshCart();
    const results = await Promise.all(Array.from({ length: 8 }, () => cart.add(offer("A1", 1, { available: 5 }))));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect((await cart.lines())[0]!.qty).toBe(5);
  });

  it("keeps its lines across eviction", async () => {
    const cart = freshCart();
    await cart.add(offer("A1", 3));
    await evictDurableObject(cart);
    expect(await cart.lines()).toMatchObject([{ productId: "A1", qty: 3 }]);
    expect((await cart.add(offer("A1", 1))).ok).toBe(true);
    expect((await cart.lines())[0]!.qty).toBe(4);
  });
});

describe("CartDO merge", () => {
  it("adds quantities capped by stock and the per-line max, and reports what it skipped", async () => {
    const cart = freshCart();
    await cart.add(offer("A1", 45));
    await cart.add(offer("B1", 2));
    const res = await cart.merge([offer("A1", 10), offer("B1", 5, { available: 4 }), offer("C1", 1, { available: 0 }), offer("D1", 3)]);
    expect(res).toMatchObject({ ok: true, value: { skipped: [{ productId: "C1", reason: "out_of_stock" }] } });
    const qty = Object.fromEntries((await cart.lines()).map((l) => [l.productId, l.qty]));
    expect(qty).toEqual({ A1: MAX_LINE_QTY, B1: 4, D1: 3 });
  });
});

describe("CartDO storage", () => {
  it("stores nothing for a cart that is only read, or whose only write failed", async () => {
    const cart = freshCart();
    expect(await cart.lines()).toEqual([]);
    expect((await cart.remove("NOPE1")).ok).toBe(false); // rolled back, tables and all
    expect(await storedTables(cart)).toEqual([]);
    expect(await runInDurableObject(cart, (_i, state) => state.storage.getAlarm())).toBeNull();
    expect((await cart.add(offer("A1", 1))).ok).toBe(true); // and it still works afterwards
    expect(await storedTables(cart)).toEqual(["cart_lines", "cart_meta"]);
  });
});

describe("CartDO expiry", () => {
  it("arms one alarm a TTL after each change", async () => {
    const cart = freshCart();
    const before = Date.now();
    await cart.add(offer("A1", 1));
    const alarm = await runInDurableObject(cart, (_i, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThanOrEqual(before + ttlMs);
    expect(alarm).toBeLessThanOrEqual(Date.now() + ttlMs);
  });

  it("keeps a cart that saw activity since and re-arms for its new due time", async () => {
    const cart = freshCart();
    await cart.add(offer("A1", 1));
    await ageBy(cart, ttlMs / 2);
    expect(await runDurableObjectAlarm(cart)).toBe(true);
    expect(await cart.lines()).toHaveLength(1);
    const alarm = await runInDurableObject(cart, (_i, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThan(Date.now() + ttlMs);
  });

  it("deletes an abandoned cart, idempotently, and the cart works again afterwards", async () => {
    const cart = freshCart();
    await cart.add(offer("A1", 2));
    await ageBy(cart, ttlMs + 1000);
    expect(await runDurableObjectAlarm(cart)).toBe(true);
    expect(await cart.lines()).toEqual([]);
    expect(await storedTables(cart)).toEqual([]); // gone, tables included
    expect(await runInDurableObject(cart, (_i, state) => state.storage.getAlarm())).toBeNull();
    expect(await runDurableObjectAlarm(cart)).toBe(false);
    await runInDurableObject(cart, (instance) => instance.alarm()); // a repeated run changes nothing
    expect(await cart.lines()).toEqual([]);
    expect((await cart.add(offer("B1", 1))).ok).toBe(true);
    expect(await cart.lines()).toMatchObject([{ productId: "B1", qty: 1 }]);
  });
});
