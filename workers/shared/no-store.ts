// Responses about one shopper (carts, orders, cards, addresses, admin data): never kept by a
// browser or a shared cache, errors included.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";

export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
};
