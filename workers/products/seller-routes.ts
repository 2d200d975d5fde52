// Catalog writes for sellers (their own products) and admins (any): create, edit with
// optimistic concurrency, soft delete. Every write purges the cached reads it changes.
import { createRoute } from "@hono/zod-openapi";
import { principalOf, requireRoles } from "../identity/auth-middleware";
import { assertCanManageSeller } from "../identity/identity";
import { newRouter } from "../shared/app-env";
import { primaryDb } from "../shared/db/client";
import { cacheKeys, purgeCached } from "../shared/edge-cache";
import { DomainError } from "../shared/errors";
import { newProductId } from "../shared/ids";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "../shared/openapi";
import { assertCurrentVersion, assertLive, expectedVersion, productJson, type ProductPatch } from "./products";
import { categoryExists, findProduct, insertProduct, softDeleteProduct, updateProduct } from "./products.repo";
import { CreateProductBody, PatchProductBody, ProductIdParam, ProductSchema } from "./schemas";

const sellersOnly = requireRoles("seller", "admin");

const assertCategory = async (db: ReturnType<typeof primaryDb>, slug: string) => {
  if (!(await categoryExists(db, slug))) {
    throw new DomainError("invalid_data", "unknown_category", `Unknown category '${slug}' (see GET /api/v1/categories).`);
  }
};

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["Catalog"],
  summary: "List a new product (sellers)",
  security: bearerAuth,
  middleware: [sellersOnly],
  request: { body: jsonBody(CreateProductBody) },
  responses: { 201: jsonContent(ProductSchema, "Created"), ...errorResponses(400, 401, 403, 413, 415) },
});

const patch = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["Catalog"],
  summary: "Edit a product (owner or admin; needs its version)",
  security: bearerAuth,
  middleware: [sellersOnly],
  request: { params: ProductIdParam, body: jsonBody(PatchProductBody) },
  responses: { 200: jsonContent(ProductSchema, "Updated"), ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["Catalog"],
  summary: "Delete a product (soft; owner or admin)",
  security: bearerAuth,
  middleware: [sellersOnly],
  request: { params: ProductIdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

export const productWriteRoutes = newRouter()
  .openapi(create, async (c) => {
    const me = principalOf(c);
    if (me.role !== "seller" || !me.sellerId) {
      throw new DomainError("forbidden", "insufficient_role", "Only a seller account can list products.");
    }
    const body = c.req.valid("json");
    const db = primaryDb(c.env);
    await assertCategory(db, body.category);
    const now = Date.now();
    const product = {
      id: newProductId(),
      sellerId: me.sellerId,
      title: body.title,
      description: body.description,
      priceMinor: body.price,
      currency: body.currency,
      category: body.category,
      attributes: body.attributes ?? {},
      imageUrls: body.image_urls ?? [],
      primeEligible: body.prime_eligible,
      version: 1,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await insertProduct(db, product);
    await purgeCached([cacheKeys.categories()]);
    return c.json(productJson(product), 201);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const expected = expectedVersion(c.req.header("If-Match"), body.version);
    const db = primaryDb(c.env);
    const current = assertLive(await findProduct(db, id), id);
    assertCanManageSeller(principalOf(c), current.sellerId);
    assertCurrentVersion(current, expected);
    if (body.category !== undefined) await assertCategory(db, body.category);
    const changes: ProductPatch = {
      title: body.title,
      description: body.description,
      priceMinor: body.price,
      currency: body.currency,
      category: body.category,
      attributes: body.attributes,
      imageUrls: body.image_urls,
      primeEligible: body.prime_eligible,
    };
    for (const k of Object.keys(changes) as (keyof ProductPatch)[]) if (changes[k] === undefined) delete changes[k];
    const updated = await updateProduct(db, current, expected, changes, Date.now());
    if (!updated) {
      // Lost a race between our read and the conditional write: say which way.
      assertCurrentVersion(assertLive(await findProduct(db, id), id), expected);
      throw new Error(`conditional update of ${id} failed for no visible reason`);
    }
    await purgeCached([cacheKeys.product(id), cacheKeys.categories()]);
    c.header("ETag", `"${updated.version}"`);
    return c.json(productJson(updated), 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const db = primaryDb(c.env);
    const current = assertLive(await findProduct(db, id), id);
    assertCanManageSeller(principalOf(c), current.sellerId);
    if (!(await softDeleteProduct(db, current, Date.now()))) assertLive(undefined, id);
    await purgeCached([cacheKeys.product(id), cacheKeys.categories()]);
    return c.body(null, 204);
  });
