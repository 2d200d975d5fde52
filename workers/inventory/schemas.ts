// Request and response schemas of the seller inventory API.
import { z } from "@hono/zod-openapi";

export const MAX_STOCK_UNITS = 1_000_000;

export const SetStockBody = z
  .strictObject({ on_hand: z.int().min(0).max(MAX_STOCK_UNITS).openapi({ example: 120 }) })
  .openapi("SetStockRequest");

export const RestockBody = z.strictObject({ qty: z.int().min(1).max(MAX_STOCK_UNITS).openapi({ example: 24 }) }).openapi("RestockRequest");

export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,128}$/, "Idempotency-Key is 8-128 letters, digits, '_' or '-'.")
    .optional()
    .openapi({ description: "Repeat a request with the same key and it is applied once." }),
});

export const StockSchema = z
  .object({
    product_id: z.string(),
    on_hand: z.int(),
    reserved: z.int(),
    available: z.int(),
    sold: z.int(),
    version: z.int(),
  })
  .openapi("Stock");
