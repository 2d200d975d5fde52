// Card-save attempts for admins (under /api/v1/admin/customers): each attempt's outcome and the
// issuer's precise decline code, which the shopper never sees (they get a generic decline).
import { createRoute, z } from "@hono/zod-openapi";
import { requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { noStore } from "../shared/no-store";
import { bearerAuth, errorResponses, isoTime, jsonContent } from "../shared/openapi";
import { recentTokenisations } from "./card-tokenisations.repo";

const RECENT = 50;

const CustomerIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "User ids are letters, digits, '_' or '-'.")
    .openapi({ param: { name: "id", in: "path" }, example: "usr_0123456789abcdef" }),
});

const CardAttemptListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        outcome: z.enum(["pending", "saved", "declined", "invalid", "unavailable", "refused"]),
        decline_code: z.string().nullable().openapi({ description: "The issuer's precise reason, e.g. stolen_card" }),
        created_at: z.string().openapi({ format: "date-time" }),
      }),
    ),
  })
  .openapi("CardSaveAttemptList");

const list = createRoute({
  method: "get",
  path: "/{id}/card-attempts",
  tags: ["Payment methods"],
  summary: `A customer's last ${RECENT} card-save attempts, newest first`,
  description: "Admins only: no token is 401, customers and sellers get 403. An unknown customer has no attempts (empty list).",
  security: bearerAuth,
  middleware: [noStore, requireRoles("admin")],
  request: { params: CustomerIdParam },
  responses: { 200: jsonContent(CardAttemptListSchema, "Attempts"), ...errorResponses(400, 401, 403) },
});

export const adminCardAttemptRoutes = newRouter().openapi(list, async (c) => {
  const { id } = c.req.valid("param");
  const items = await recentTokenisations(c.env, id, RECENT);
  return c.json(
    { items: items.map((a) => ({ id: a.id, outcome: a.outcome, decline_code: a.declineCode, created_at: isoTime(a.createdAt) })) },
    200,
  );
});
