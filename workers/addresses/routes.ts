// Addresses API for customers: save, list, read and (soft) delete their shipping addresses.
// Transport only: parse (schemas.ts), apply the rules (addresses.ts), store (addresses.repo.ts).
import { createRoute } from "@hono/zod-openapi";
import { principalOf, requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { newAddressId } from "../shared/ids";
import { bearerAuth, errorResponses, isoTime, jsonBody, jsonContent } from "../shared/openapi";
import { addressLimitError, MAX_ADDRESSES, normalisePostalCode, type Address } from "./addresses";
import { findAddress, insertAddress, listAddresses, softDeleteAddress } from "./addresses.repo";
import { AddressIdParam, AddressListSchema, AddressSchema, CreateAddressBody } from "./schemas";
import { noStore } from "../shared/no-store";

const guard = [noStore, requireRoles("customer")];
const who = "Customers only: no token is 401, sellers and admins get 403.";

const create = createRoute({
  method: "post",
  path: "/",
  tags: ["Addresses"],
  summary: "Save a shipping address",
  description: `${who} At most ${MAX_ADDRESSES} per customer (more is 422 address_limit).`,
  security: bearerAuth,
  middleware: guard,
  request: { body: jsonBody(CreateAddressBody) },
  responses: { 201: jsonContent(AddressSchema, "Saved"), ...errorResponses(400, 401, 403, 413, 415, 422) },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Addresses"],
  summary: "Your saved addresses, newest first",
  description: who,
  security: bearerAuth,
  middleware: guard,
  responses: { 200: jsonContent(AddressListSchema, "Your addresses"), ...errorResponses(401, 403) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Addresses"],
  summary: "One of your addresses",
  description: who,
  security: bearerAuth,
  middleware: guard,
  request: { params: AddressIdParam },
  responses: { 200: jsonContent(AddressSchema, "The address"), ...errorResponses(400, 401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["Addresses"],
  summary: "Delete an address (orders keep their own copy)",
  description: who,
  security: bearerAuth,
  middleware: guard,
  request: { params: AddressIdParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

const addressJson = (a: Address) => ({
  id: a.id,
  name: a.name,
  line1: a.line1,
  line2: a.line2,
  city: a.city,
  postal_code: a.postalCode,
  country: a.country,
  created_at: isoTime(a.createdAt),
});

// Another customer's address is "not found" too: ids are not secrets, but ownership is not disclosed.
const notFound = (id: string) => new DomainError("not_found", "address_not_found", `No address ${id}.`);

export const addressRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const address: Address = {
      id: newAddressId(),
      name: body.name,
      line1: body.line1,
      line2: body.line2 || null,
      city: body.city,
      postalCode: normalisePostalCode(body.country, body.postal_code),
      country: body.country,
      createdAt: Date.now(),
    };
    if (!(await insertAddress(c.env, principalOf(c).userId, address))) throw addressLimitError();
    return c.json(addressJson(address), 201);
  })
  .openapi(list, async (c) => {
    const addresses = await listAddresses(c.env, principalOf(c).userId);
    return c.json({ results: addresses.map(addressJson) }, 200);
  })
  .openapi(read, async (c) => {
    const { id } = c.req.valid("param");
    const address = await findAddress(c.env, principalOf(c).userId, id);
    if (!address) throw notFound(id);
    return c.json(addressJson(address), 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await softDeleteAddress(c.env, principalOf(c).userId, id, Date.now()))) throw notFound(id);
    return c.body(null, 204);
  });
