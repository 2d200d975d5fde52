// Catalog reads (the design's AP side): product page and category listing, edge-cached.
import { createRoute } from "@hono/zod-openapi";
import { rememberView } from "../recommendations/routes";
import { newRouter } from "../shared/app-env";
import { browseDb } from "../shared/db/client";
import { cacheKeys, cachedJson } from "../shared/edge-cache";
import { DomainError } from "../shared/errors";
import { errorResponses, jsonContent } from "../shared/openapi";
import { decodePageToken, encodePageToken } from "../shared/page-token";
import { cachedReviewsJson } from "../reviews/own-review";
import { pageTokenAfter, reviewJson } from "../reviews/reviews";
import { productJson, ratingSummary, stockSummary } from "./products";
import { listProducts, loadProductPage } from "./products.repo";
import { ListProductsQuery, ProductDetailSchema, ProductIdParam, ProductListSchema } from "./schemas";

const cachedHeaders = {
  ETag: { schema: { type: "string" as const } },
  "Cache-Control": { schema: { type: "string" as const } },
};

const getProduct = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Catalog"],
  summary: "Product page: product, seller, rating summary and the first reviews",
  request: { params: ProductIdParam },
  responses: {
    200: { ...jsonContent(ProductDetailSchema, "The product page"), headers: cachedHeaders },
    304: { description: "Not modified (If-None-Match matched)" },
    ...errorResponses(400, 404),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Catalog"],
  summary: "Browse live products, optionally in one category (cursor pagination)",
  request: { query: ListProductsQuery },
  responses: {
    200: { ...jsonContent(ProductListSchema, "A page of products"), headers: cachedHeaders },
    304: { description: "Not modified (If-None-Match matched)" },
    ...errorResponses(400),
  },
});

export const productReadRoutes = newRouter()
  .openapi(getProduct, async (c) => {
    const { id } = c.req.valid("param");
    rememberView(c, id);
    return cachedReviewsJson(
      c,
      cacheKeys.product(id),
      id,
      async () => {
        const page = await loadProductPage(browseDb(c.env), id);
        if (!page || page.product.deletedAt !== null) {
          throw new DomainError("not_found", "product_not_found", `No product ${id}.`);
        }
        const last = page.reviews.at(-1);
        return {
          product: productJson(page.product),
          seller: { seller_id: page.product.sellerId, display_name: page.sellerName },
          stock: stockSummary(page.available),
          rating: ratingSummary(page.rating),
          reviews: {
            items: page.reviews.map((r) => reviewJson(r)),
            next_page_token: page.moreReviews && last ? pageTokenAfter("recent", last) : null,
          },
        };
      },
      (body) => body.reviews.items,
    );
  })
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const afterId = q.page_token ? String(decodePageToken(q.page_token, { after: "string" }).after) : undefined;
    return cachedJson(c, cacheKeys.productList(q), async () => {
      const page = await listProducts(browseDb(c.env), { category: q.category, afterId, limit: q.limit });
      const last = page.items.at(-1);
      return {
        results: page.items.map(productJson),
        next_page_token: page.hasMore && last ? encodePageToken({ after: last.id }) : null,
      };
    });
  });
