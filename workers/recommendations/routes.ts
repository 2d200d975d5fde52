// Recommendations API: an item's similar and bought-together items (public, edge-cached), the
// signed-in customer's personal list, and the product-view hook that feeds it. Transport only.
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ProductIdParam } from "../products/schemas";
import { newRouter, type AppEnv } from "../shared/app-env";
import { browseD1 } from "../shared/db/client";
import { cacheKeys, cachedJson } from "../shared/edge-cache";
import { DomainError } from "../shared/errors";
import { errorResponses, jsonContent } from "../shared/openapi";
import { evidenceKey, gatherEvidence, recommendForCustomer, recommendForItem } from "./recommend-service";
import { recordView } from "./recommendations.repo";
import { ItemRecsQuery, ItemRecsSchema, PersonalRecsQuery, PersonalRecsSchema } from "./schemas";

const tags = ["Recommendations"];

const forItem = createRoute({
  method: "get",
  path: "/{id}/recommendations",
  tags,
  summary: "Items similar to this one, or frequently bought with it",
  description:
    "From the newest published build. `similar` falls back to best sellers of the category for a product without neighbours; `bought_together` shows only real evidence (it may be empty).",
  request: { params: ProductIdParam, query: ItemRecsQuery },
  responses: {
    200: jsonContent(ItemRecsSchema, "Recommended items, best first"),
    304: { description: "Not modified" },
    ...errorResponses(400, 404),
  },
});

const forCustomer = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Recommended for you (signed-in customers), or best sellers",
  description:
    "A Bearer token is optional. Personal for a signed-in customer (their purchases, cart and recently viewed items); best sellers otherwise. Items they bought, have in the cart or just viewed are left out.",
  request: { query: PersonalRecsQuery },
  responses: {
    200: jsonContent(PersonalRecsSchema, "Recommended items, best first"),
    304: { description: "Not modified" },
    ...errorResponses(400, 401),
  },
});

const customerId = (c: Context<AppEnv>): string | undefined => {
  const p = c.get("principal");
  return p?.role === "customer" ? p.userId : undefined;
};

/** Product page views by a signed-in customer feed their recommendations (after the response). */
export const rememberView = (c: Context<AppEnv>, productId: string): void => {
  const who = customerId(c);
  if (who)
    c.executionCtx.waitUntil(
      recordView(c.env.DB, who, productId, Date.now()).catch((e) => console.error("recently viewed not recorded", e)),
    );
};

export const productRecommendationRoutes = newRouter().openapi(forItem, async (c) => {
  const { id } = c.req.valid("param");
  const { type, limit } = c.req.valid("query");
  return cachedJson(c, cacheKeys.itemRecs(id, type, limit), async () => {
    const results = await recommendForItem(browseD1(c.env), id, type, limit);
    if (!results) throw new DomainError("not_found", "product_not_found", `No product ${id}.`);
    return { results };
  });
});

export const personalRecommendationRoutes = newRouter().openapi(forCustomer, async (c) => {
  const { limit } = c.req.valid("query");
  const evidence = await gatherEvidence(c.env, customerId(c));
  const key = cacheKeys.personalRecs(await evidenceKey(evidence), limit);
  return cachedJson(c, key, () => recommendForCustomer(c.env.DB, evidence, limit), undefined, "private");
});
