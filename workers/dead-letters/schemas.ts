// Request and response schemas of the admin dead-letters API (zod, rendered into the OpenAPI document).
import { z } from "@hono/zod-openapi";

// Queue message ids: hex in production, anything id-like from a test or another runtime.
export const DEAD_LETTER_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export const DeadLetterIdParam = z.object({
  id: z
    .string()
    .regex(DEAD_LETTER_ID_PATTERN, "Dead-letter ids are queue message ids: 1 to 128 letters, digits, - or _.")
    .openapi({ param: { name: "id", in: "path" }, example: "0c2e4b6d8f0a1c3e5a7c9e1b3d5f7a9c" }),
});

export const ListDeadLettersQuery = z.object({
  state: z
    .enum(["open", "replayed", "all"])
    .default("open")
    .openapi({ description: "open: never replayed; replayed: replayed at least once; all: both" }),
  page_token: z.string().max(512).optional().openapi({ description: "next_page_token of the previous page" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const Iso = (description: string) => z.string().openapi({ description: `${description} (ISO 8601)` });

export const DeadLetterSchema = z
  .object({
    id: z.string().openapi({ description: "The dead-letter queue's message id" }),
    source_queue: z.string().openapi({ description: "The queue the message failed on, where a replay sends it", example: "order-events" }),
    event_id: z.string().nullable().openapi({ description: "The envelope's id, when the body is an event envelope" }),
    event_type: z.string().nullable().openapi({ description: "The envelope's type, when the body is an event envelope" }),
    body: z.unknown().openapi({ description: "The message body as it was sent (JSON)" }),
    received_at: Iso("When the dead letter was recorded"),
    replayed_at: Iso("The latest replay").nullable(),
    replay_count: z.int().openapi({ description: "How many times it was replayed" }),
  })
  .openapi("DeadLetter");

export const DeadLetterListSchema = z
  .object({ results: z.array(DeadLetterSchema), next_page_token: z.string().nullable() })
  .openapi("DeadLetterList");

export const ReplayResultSchema = z
  .object({
    id: z.string(),
    source_queue: z.string(),
    replay_count: z.int(),
    replayed_at: Iso("This replay"),
  })
  .openapi("DeadLetterReplay");
