// Seller/admin inventory API: read, set and restock one product's stock. The product's
// InventoryDO is the source of truth (strongly consistent); D1 only holds a projection.
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { principalOf, requireRoles } from "../identity/auth-middleware";
import { assertCanManageSeller } from "../identity/identity";
import { assertLive } from "../products/products";
import { findProduct } from "../products/products.repo";
import { ProductIdParam } from "../products/schemas";
import { type AppEnv, newRouter } from "../shared/app-env";
import { primaryDb } from "../shared/db/client";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { unwrap } from "../shared/rpc";
import type { InventorySnapshot } from "./types";
import { IdempotencyHeader, RestockBody, SetStockBody, StockSchema } from "./schemas";

const sellersOnly = requireRoles("seller", "admin");

/** The product must be live and the caller its seller (or an admin); returns its stock object. */
const ownedStock = async (c: Context<AppEnv>, id: string) => {
  const product = assertLive(await findProduct(primaryDb(c.env), id), id);
  assertCanManageSeller(principalOf(c), product.sellerId);
  return c.env.INVENTORY.get(c.env.INVENTORY.idFromName(id));
};

const stockJson = (s: InventorySnapshot) => ({
  product_id: s.sku,
  on_hand: s.onHand,
  reserved: s.reserved,
  available: s.available,
  sold: s.sold,
  version: s.version,
});

const opId = (key: string | undefined) => key ?? crypto.randomUUID();

const read = createRoute({
  method: "get",
  path: "/{id}/inventory",
  tags: ["Inventory"],
  summary: "Stock: on hand, reserved, available and sold",
  security: bearerAuth,
  middleware: [sellersOnly],
  request: { params: ProductIdParam },
  responses: { 200: jsonContent(StockSchema, "Current stock"), ...errorResponses(400, 401, 403, 404) },
});

const set = createRoute({
  method: "put",
  path: "/{id}/inventory",
  tags: ["Inventory"],
  summary: "Set on-hand stock (a stock count)",
  security: bearerAuth,
  middleware: [sellersOnly],
  request: { params: ProductIdParam, headers: IdempotencyHeader, body: jsonBody(SetStockBody) },
  responses: { 200: jsonContent(StockSchema, "Stock after the count"), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
});

const restock = createRoute({
  method: "post",
  path: "/{id}/inventory/restock",
  tags: ["Inventory"],
  summary: "Add received units to stock",
  security: bearerAuth,
  middleware: [sellersOnly],
  request: { params: ProductIdParam, headers: IdempotencyHeader, body: jsonBody(RestockBody) },
  responses: { 200: jsonContent(StockSchema, "Stock after the delivery"), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

export const inventoryRoutes = newRouter()
  .openapi(read, async (c) => {
    const { id } = c.req.valid("param");
    const stock = await ownedStock(c, id);
    c.header("Cache-Control", "private, no-store");
    return c.json(stockJson(await stock.snapshot(id)), 200);
  })
  .openapi(set, async (c) => {
    const { id } = c.req.valid("param");
    const stock = await ownedStock(c, id);
    const result = await stock.adjust(id, c.req.valid("json").on_hand, opId(c.req.valid("header")["idempotency-key"]));
    return c.json(stockJson(unwrap(result)), 200);
  })
  .openapi(restock, async (c) => {
    const { id } = c.req.valid("param");
    const stock = await ownedStock(c, id);
    const result = await stock.restock(id, c.req.valid("json").qty, opId(c.req.valid("header")["idempotency-key"]));
    return c.json(stockJson(unwrap(result)), 200);
  });
