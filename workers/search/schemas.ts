// Zod schemas (and OpenAPI components) for product search and suggestions.
import { z } from "@hono/zod-openapi";
import { MAX_QUERY_CHARS } from "./query";
import { MAX_DEPTH, PAGE_SIZE, SORTS } from "./ranking";

const bool = z.enum(["true", "false"]).transform((v) => v === "true");
const minor = z.coerce.number().int().min(0).max(100_000_000);

export const SearchQuery = z
  .strictObject({
    q: z
      .string()
      .max(MAX_QUERY_CHARS)
      .optional()
      .openapi({ example: "lantern", description: "Free text (any characters); empty browses." }),
    category: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, "must be a category slug")
      .optional(),
    min_price: minor.optional().openapi({ description: "Minor units, inclusive" }),
    max_price: minor.optional(),
    min_rating: z.coerce.number().min(1).max(5).optional(),
    prime: bool.optional(),
    in_stock: bool.optional(),
    seller: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, "must be a seller id")
      .optional(),
    sort: z.enum(SORTS).default("relevance"),
    page: z.coerce.number().int().min(1).max(MAX_DEPTH).optional(),
    page_size: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
    page_token: z.string().max(64).optional(),
  })
  .openapi("SearchQuery");

const Result = z.object({
  product_id: z.string(),
  title: z.string(),
  price: z.number().int().openapi({ description: "Minor units" }),
  currency: z.string(),
  rating: z.number().nullable(),
  rating_count: z.number().int(),
  prime_eligible: z.boolean(),
  image_url: z.string().nullable(),
  in_stock: z.boolean().nullable().openapi({ description: "null when the product has no stock record" }),
});

export const SearchResponseSchema = z
  .object({
    search_id: z.string().openapi({
      description: "Signed, minted for this response: send it back with POST /api/v1/events for the products it showed (a day at most).",
    }),
    query: z.string().openapi({ description: "The query as searched: lower case, words joined by single spaces." }),
    corrected_query: z.string().nullable().openapi({ description: "What was searched when a word matched nothing" }),
    results: z.array(Result),
    total_results: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
    next_page_token: z.string().nullable(),
    facets: z.object({
      categories: z.array(z.object({ slug: z.string(), count: z.number().int() })),
      price: z.record(z.string(), z.number().int()),
      rating: z.record(z.string(), z.number().int()).openapi({ description: '"4": products rated 4 stars & up' }),
      prime: z.number().int(),
    }),
  })
  .openapi("SearchResponse");

export const SuggestQuery = z.strictObject({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(10).default(8) });
export const SuggestResponseSchema = z
  .object({ query: z.string(), suggestions: z.array(z.object({ product_id: z.string(), title: z.string() })) })
  .openapi("SuggestResponse");
