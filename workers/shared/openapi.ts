// Schemas and helpers every route definition shares: the error body, JSON request bodies.
import { z } from "@hono/zod-openapi";
import { ERROR_STATUS, type ErrorType } from "./errors";

export const ErrorSchema = z
  .object({
    error: z.object({
      type: z.enum(Object.keys(ERROR_STATUS) as [ErrorType, ...ErrorType[]]),
      code: z.string(),
      message: z.string(),
      requestId: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      data: z
        .record(z.string(), z.unknown())
        .optional()
        .openapi({ description: "Figures the client needs to act on the error: for `price_changed`, the order's new totals and lines." }),
    }),
  })
  .openapi("Error");

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input",
  401: "Missing, invalid or expired token",
  402: "Card refused by the payment gateway",
  403: "Not allowed for this role or owner",
  404: "Not found",
  409: "Conflict",
  413: "Body too large",
  415: "Body must be JSON",
  422: "Valid request that the rules refuse",
  429: "Rate limited: wait the Retry-After seconds",
  500: "Unexpected failure on our side (the requestId finds it in our logs)",
  503: "A dependency (payment gateway) is unavailable; retry later",
};

const retryAfter = (required: boolean) => ({
  "Retry-After": {
    description: "Seconds to wait before retrying",
    required,
    schema: { type: "integer" as const, minimum: 1 },
  },
});

// A rate limit always says how long to wait; a dependency outage says so when it knows.
const HEADERS: Record<number, ReturnType<typeof retryAfter>> = { 429: retryAfter(true), 503: retryAfter(false) };

const errorResponse = (s: number) => ({
  description: DESCRIPTIONS[s]!,
  ...(HEADERS[s] ? { headers: HEADERS[s] } : {}),
  content: { "application/json": { schema: ErrorSchema } },
});

/** The answer any operation can give, so documentOperations() adds it to every route. */
export const internalErrorResponse = errorResponse(500);

/** OpenAPI response entries for the error statuses a route can answer with (500: see above). */
export const errorResponses = (...statuses: (keyof typeof DESCRIPTIONS)[]) =>
  Object.fromEntries(statuses.map((s) => [s, errorResponse(s)]));

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const bearerAuth = [{ bearerAuth: [] }];

export const isoTime = (ms: number): string => new Date(ms).toISOString();
