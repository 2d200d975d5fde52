// Request and response schemas of the cart API (zod, rendered into the OpenAPI document).
import { z } from "@hono/zod-openapi";
import { PRODUCT_ID_PATTERN } from "../shared/ids";
import { MAX_LINE_QTY } from "./cart";

const ProductId = z.string().regex(PRODUCT_ID_PATTERN, "Product ids are 1-32 letters, digits, '_' or '-'.").openapi({ example: "85123A" });

// Only the type is checked here: the per-line maximum is a rule (422 line_limit), not a format.
const Qty = z
  .int("A quantity is a whole number.")
  .min(1, "A quantity is at least 1 (remove the line instead).")
  .openapi({ example: 1, description: `Units; a line holds at most ${MAX_LINE_QTY} (more is 422 line_limit).` });

export const CartItemParam = z.object({
  product_id: ProductId.openapi({ param: { name: "product_id", in: "path" }, example: "85123A" }),
});

export const AddItemBody = z.strictObject({ product_id: ProductId, qty: Qty }).openapi("AddCartItemRequest");
export const SetQtyBody = z.strictObject({ qty: Qty }).openapi("SetCartItemQtyRequest");

export const CartLineSchema = z
  .object({
    product_id: z.string(),
    title: z.string().nullable().openapi({ description: "Null when the product no longer exists." }),
    qty: z.int(),
    unit_price: z.int().openapi({ description: "Today's catalog price, integer minor units." }),
    currency: z.string(),
    line_total: z.int().openapi({ description: "unit_price x qty; 0 for an unavailable line." }),
    price_at_add: z.int().openapi({ description: "The price when the product was last added." }),
    price_changed: z.boolean(),
    available: z.int().openapi({ description: "Units available now (the inventory projection)." }),
    out_of_stock: z.boolean().openapi({ description: "Fewer available than qty." }),
    unavailable: z.boolean().openapi({ description: "Deleted, unknown or repriced in another currency: left out of the totals." }),
  })
  .openapi("CartLine");

export const CartSchema = z
  .object({
    cart_id: z.string().nullable().openapi({ description: "Null for a guest who has no cart yet." }),
    lines: z.array(CartLineSchema),
    totals: z.object({
      subtotal: z.int().openapi({ description: "Integer minor units; unavailable lines excluded." }),
      item_count: z.int(),
      currency: z.string().nullable(),
    }),
  })
  .openapi("Cart");
