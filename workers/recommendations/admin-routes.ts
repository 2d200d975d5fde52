// Admin: run the recommendations build now (the cron runs it every few hours) and answer with
// what it built. Transport only: the job is build-job.ts.
import { createRoute } from "@hono/zod-openapi";
import { requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { noStore } from "../shared/no-store";
import { bearerAuth, errorResponses, jsonContent } from "../shared/openapi";
import { runRecommendationsNow } from "./build-job";
import { BuildResultSchema } from "./schemas";

const build = createRoute({
  method: "post",
  path: "/recommendations",
  tags: ["Admin: jobs"],
  security: bearerAuth,
  middleware: [requireRoles("admin"), noStore],
  summary: "Build the recommendation tables now and wait for the result",
  description:
    "Admins only. Builds item-to-item neighbours, bought-together pairs and best sellers from the order history in bounded steps, publishes them at once, and answers with counts and the duration. 409 while another run holds the job.",
  responses: { 200: jsonContent(BuildResultSchema, "The published build"), ...errorResponses(401, 403, 409) },
});

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

export const recommendationJobRoutes = newRouter().openapi(build, async (c) => {
  const outcome = await runRecommendationsNow({ db: c.env.DB, now: Date.now, owner: crypto.randomUUID() });
  if (outcome.status !== "done") {
    throw new DomainError("conflict", "job_running", "A recommendations build is running; try again when it has finished.");
  }
  const s = outcome.stats;
  const items = s.items ?? 0;
  return c.json(
    {
      generation: outcome.generation,
      duration_ms: s.durationMs ?? 0,
      steps: s.steps ?? 0,
      slowest_step_ms: s.slowestStepMs ?? 0,
      orders: s.orders ?? 0,
      customers: s.customers ?? 0,
      items,
      similar: { pairs: s.similarPairs ?? 0, items: s.similarItems ?? 0, coverage: ratio(s.similarItems ?? 0, items) },
      bought_together: { pairs: s.togetherPairs ?? 0, items: s.togetherItems ?? 0, coverage: ratio(s.togetherItems ?? 0, items) },
      popular: s.popular ?? 0,
    },
    200,
  );
});
