// Cart API for shoppers (customers by token, guests by cookie): read the priced cart, add, set,
// remove and clear lines. Transport only: parse, find the cart, call the CartDO, price, shape.
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { newRouter, type AppEnv } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { cartJson, priceCart, unwrap, type CartLine, type CartResult } from "./cart";
import { loadCartInputs } from "./cart.repo";
import { cartForWrite, existingCart, rememberGuest, type CartHandle } from "./cart-id";
import { AddItemBody, CartItemParam, CartSchema, SetQtyBody } from "./schemas";
import { noStore } from "../shared/no-store";

const headers = {
  "Cache-Control": { schema: { type: "string" as const, example: "private, no-store" } },
  "Set-Cookie": { schema: { type: "string" as const }, description: "Guests: the cart_id cookie (HttpOnly)." },
};
const cartResponse = (description: string) => ({ ...jsonContent(CartSchema, description), headers });
const who = "Customers send their Bearer token; guests need none (their cart lives in the cart_id cookie). Sellers and admins get 403.";

const getCart = createRoute({
  method: "get",
  path: "/",
  tags: ["Cart"],
  summary: "The caller's cart, priced at today's catalog prices",
  description: who,
  middleware: [noStore],
  responses: { 200: cartResponse("The cart"), ...errorResponses(401, 403) },
});

const addItem = createRoute({
  method: "post",
  path: "/items",
  tags: ["Cart"],
  summary: "Add units of a product (added to its line)",
  description: `${who} A guest's first add creates their cart: at most 60 new guest carts a minute per client address (429).`,
  middleware: [noStore],
  request: { body: jsonBody(AddItemBody) },
  responses: { 200: cartResponse("The cart after the add"), ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429) },
});

const setQty = createRoute({
  method: "patch",
  path: "/items/{product_id}",
  tags: ["Cart"],
  summary: "Set a line's quantity",
  description: who,
  middleware: [noStore],
  request: { params: CartItemParam, body: jsonBody(SetQtyBody) },
  responses: { 200: cartResponse("The cart after the change"), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
});

const removeItem = createRoute({
  method: "delete",
  path: "/items/{product_id}",
  tags: ["Cart"],
  summary: "Remove a line",
  description: who,
  middleware: [noStore],
  request: { params: CartItemParam },
  responses: { 200: cartResponse("The cart after the removal"), ...errorResponses(400, 401, 403, 404) },
});

const clearCart = createRoute({
  method: "delete",
  path: "/",
  tags: ["Cart"],
  summary: "Empty the cart",
  description: who,
  middleware: [noStore],
  responses: { 200: cartResponse("The empty cart"), ...errorResponses(401, 403) },
});

const view = async (c: Context<AppEnv>, cartId: string | null, lines: CartLine[]) => {
  const { catalog, stock } = await loadCartInputs(
    c.env,
    lines.map((l) => l.productId),
  );
  return cartJson(cartId, priceCart(lines, catalog, stock));
};

/** The product as it is now, with its availability; unknown and deleted products are 404. */
const liveProduct = async (c: Context<AppEnv>, productId: string, opts: { allowDeleted?: boolean } = {}) => {
  const { catalog, stock } = await loadCartInputs(c.env, [productId]);
  const product = catalog.get(productId);
  if (!product || (product.deleted && !opts.allowDeleted)) {
    throw new DomainError("not_found", "product_not_found", `No product ${productId}.`);
  }
  return { ...product, available: stock.get(productId) ?? 0 };
};

/** Applies a write and, for a guest, keeps (or first sets) the cookie once it succeeded. */
const write = async (c: Context<AppEnv>, cart: CartHandle, call: Promise<CartResult<CartLine[]>>) => {
  const lines = unwrap(await call);
  if (cart.guestId) await rememberGuest(c, cart.guestId);
  return view(c, cart.cartId, lines);
};

const lineNotFound = (productId: string) => new DomainError("not_found", "cart_line_not_found", `${productId} is not in your cart.`);

export const cartRoutes = newRouter()
  .openapi(getCart, async (c) => {
    const cart = await existingCart(c);
    return c.json(await view(c, cart?.cartId ?? null, cart ? await cart.stub.lines() : []), 200);
  })
  .openapi(addItem, async (c) => {
    const { product_id: productId, qty } = c.req.valid("json");
    const cart = await cartForWrite(c);
    const p = await liveProduct(c, productId);
    const offer = { productId, qty, priceMinor: p.priceMinor, currency: p.currency, available: p.available };
    return c.json(await write(c, cart, cart.stub.add(offer)), 200);
  })
  // The product is looked up before the caller's role is checked: product ids are public, and a
  // well-formed but unknown id is then 404 for everyone (as the generated API tests expect).
  .openapi(setQty, async (c) => {
    const { product_id: productId } = c.req.valid("param");
    const { qty } = c.req.valid("json");
    const p = await liveProduct(c, productId);
    const cart = await existingCart(c);
    if (!cart) throw lineNotFound(productId);
    return c.json(await write(c, cart, cart.stub.setQty(productId, qty, p.available)), 200);
  })
  .openapi(removeItem, async (c) => {
    const { product_id: productId } = c.req.valid("param");
    await liveProduct(c, productId, { allowDeleted: true }); // a deleted product's line can still go
    const cart = await existingCart(c);
    if (!cart) throw lineNotFound(productId);
    return c.json(await write(c, cart, cart.stub.remove(productId)), 200);
  })
  .openapi(clearCart, async (c) => {
    const cart = await existingCart(c);
    if (cart) unwrap(await cart.stub.clear());
    return c.json(await view(c, cart?.cartId ?? null, []), 200);
  });
