// The seller inventory API through the Worker: stock counts, restocks (idempotent by key),
// ownership, refusals, and the D1 availability projection following the InventoryDO.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "../helpers/catalog";
import { type Account, raw, register } from "../helpers/client";

let seller: Account;
let rival: Account;
let customer: Account;

beforeAll(async () => {
  [seller, rival, customer] = await Promise.all([register("seller", "Stock Co"), register("seller", "Rival"), register()]);
});

const call = (who: Account | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  raw(method, path, {
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    headers: { ...(who ? { Authorization: `Bearer ${who.token}` } : {}), ...headers },
  });

const stockOf = async (who: Account, id: string) => {
  const res = await call(who, "GET", `/api/v1/products/${id}/inventory`);
  expect(res.status).toBe(200);
  return (await res.json()) as { on_hand: number; reserved: number; available: number; sold: number; version: number };
};

/** The projection is written in the background (waitUntil): poll until it reaches `version`. */
const projected = async (id: string, version: number) => {
  for (let i = 0; i < 50; i++) {
    const row = await env.DB.prepare("SELECT on_hand, available, version FROM inventory_levels WHERE product_id = ?")
      .bind(id)
      .first<{ on_hand: number; available: number; version: number }>();
    if (row && row.version >= version) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`projection of ${id} never reached version ${version}`);
};

describe("seller inventory API", () => {
  it("starts a new product at zero, sets a count, restocks, and shows it", async () => {
    const p = await createProduct(seller);
    expect(await stockOf(seller, p.product_id)).toMatchObject({ on_hand: 0, reserved: 0, available: 0, sold: 0 });
    const set = await call(seller, "PUT", `/api/v1/products/${p.product_id}/inventory`, { on_hand: 40 });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ product_id: p.product_id, on_hand: 40, available: 40 });
    const restock = await call(seller, "POST", `/api/v1/products/${p.product_id}/inventory/restock`, { qty: 12 });
    expect(await restock.json()).toMatchObject({ on_hand: 52, available: 52 });
    const now = await stockOf(seller, p.product_id);
    expect(now).toMatchObject({ on_hand: 52, available: 52, reserved: 0, sold: 0 });
    expect(await projected(p.product_id, now.version)).toEqual({ on_hand: 52, available: 52, version: now.version });
    expect(set.headers.get("Cache-Control") ?? "").not.toContain("public");
  });

  it("applies a restock once per Idempotency-Key", async () => {
    const p = await createProduct(seller);
    const key = { "Idempotency-Key": `restock-${p.product_id}` };
    for (let i = 0; i < 3; i++) {
      const res = await call(seller, "POST", `/api/v1/products/${p.product_id}/inventory/restock`, { qty: 5 }, key);
      expect(res.status).toBe(200);
    }
    expect((await stockOf(seller, p.product_id)).on_hand).toBe(5);
    await call(seller, "POST", `/api/v1/products/${p.product_id}/inventory/restock`, { qty: 5 });
    expect((await stockOf(seller, p.product_id)).on_hand).toBe(10);
  });

  it("refuses a count below the units reserved for orders", async () => {
    const p = await createProduct(seller);
    await call(seller, "PUT", `/api/v1/products/${p.product_id}/inventory`, { on_hand: 10 });
    const stock = env.INVENTORY.get(env.INVENTORY.idFromName(p.product_id));
    expect((await stock.reserve(p.product_id, "order-inv-1", 6)).ok).toBe(true);
    const res = await call(seller, "PUT", `/api/v1/products/${p.product_id}/inventory`, { on_hand: 5 });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("below_reserved");
    expect(await stockOf(seller, p.product_id)).toMatchObject({ on_hand: 10, reserved: 6, available: 4 });
  });

  it("lets only the product's seller (or an admin) see or change its stock", async () => {
    const p = await createProduct(seller);
    expect((await call(rival, "GET", `/api/v1/products/${p.product_id}/inventory`)).status).toBe(403);
    expect((await call(rival, "PUT", `/api/v1/products/${p.product_id}/inventory`, { on_hand: 1 })).status).toBe(403);
    expect((await call(customer, "GET", `/api/v1/products/${p.product_id}/inventory`)).status).toBe(403);
    expect((await call(null, "GET", `/api/v1/products/${p.product_id}/inventory`)).status).toBe(401);
    expect((await stockOf(seller, p.product_id)).on_hand).toBe(0);
  });

  it("answers bad input with 4xx: negative or fractional stock, unknown products", async () => {
    const p = await createProduct(seller);
    for (const body of [{ on_hand: -1 }, { on_hand: 1.5 }, { on_hand: "3" }, { on_hand: 2_000_000 }, {}]) {
      expect((await call(seller, "PUT", `/api/v1/products/${p.product_id}/inventory`, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(seller, "POST", `/api/v1/products/${p.product_id}/inventory/restock`, { qty: 0 })).status).toBe(400);
    expect((await call(seller, "GET", "/api/v1/products/B0UNKNOWN00/inventory")).status).toBe(404);
  });
});
