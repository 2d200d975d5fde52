// The category list with live product counts, edge-cached.
import { createRoute, z } from "@hono/zod-openapi";
import { newRouter } from "../shared/app-env";
import { browseDb } from "../shared/db/client";
import { cacheKeys, cachedJson } from "../shared/edge-cache";
import { jsonContent } from "../shared/openapi";
import { listCategories } from "../products/products.repo";

const CategoryListSchema = z
  .object({
    categories: z.array(z.object({ slug: z.string(), name: z.string(), product_count: z.int() })),
  })
  .openapi("CategoryList");

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Catalog"],
  summary: "All categories with their live product counts",
  responses: {
    200: jsonContent(CategoryListSchema, "Categories"),
    304: { description: "Not modified (If-None-Match matched)" },
  },
});

export const categoryRoutes = newRouter().openapi(list, (c) =>
  cachedJson(c, cacheKeys.categories(), async () => ({
    categories: (await listCategories(browseDb(c.env))).map((k) => ({
      slug: k.slug,
      name: k.name,
      product_count: k.productCount,
    })),
  })),
);
