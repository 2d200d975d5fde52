// Request and response schemas of the recommendations API and its build job (OpenAPI components).
import { z } from "@hono/zod-openapi";

export const ItemRecsQuery = z.strictObject({
  type: z.enum(["similar", "bought_together"]).default("similar").openapi({
    description: "`similar`: customers who bought this also bought (item-to-item cosine); `bought_together`: in the same orders (lift).",
  }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const PersonalRecsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const RecItem = z
  .object({
    product_id: z.string(),
    title: z.string(),
    price: z.int().openapi({ description: "Minor units" }),
    currency: z.string(),
    category: z.string(),
    image_urls: z.array(z.string()),
    prime_eligible: z.boolean(),
    rating: z.number().nullable(),
    rating_count: z.int(),
    score: z.number(),
    reason: z.enum(["similar", "bought_together", "personalised", "popular_in_category", "popular"]).openapi({
      description: "Why it is here: the item's own neighbours, or a best-seller fallback.",
    }),
  })
  .openapi("Recommendation");

export const ItemRecsSchema = z.object({ results: z.array(RecItem) }).openapi("ItemRecommendations");

export const PersonalRecsSchema = z
  .object({
    results: z.array(RecItem),
    strategy: z.enum(["personalised", "popular"]).openapi({ description: "`popular` when there is no evidence yet (cold start)." }),
  })
  .openapi("PersonalRecommendations");

export const BuildResultSchema = z
  .object({
    generation: z.int(),
    duration_ms: z.int(),
    steps: z.int(),
    slowest_step_ms: z.int(),
    orders: z.int(),
    customers: z.int(),
    items: z.int(),
    similar: z.object({ pairs: z.int(), items: z.int(), coverage: z.number() }),
    bought_together: z.object({ pairs: z.int(), items: z.int(), coverage: z.number() }),
    popular: z.int(),
  })
  .openapi("RecommendationsBuild");
