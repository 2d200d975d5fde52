// Admin dead-letters API: list what the dead-letter consumers recorded, read one, and replay one
// to the queue it failed on. Transport only: parse (schemas.ts), store and send (dead-letters.repo.ts).
import { createRoute } from "@hono/zod-openapi";
import { requireRoles } from "../identity/auth-middleware";
import { newRouter } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { bearerAuth, errorResponses, isoTime, jsonContent } from "../shared/openapi";
import { decodePageToken, encodePageToken } from "../shared/page-token";
import { findDeadLetter, listDeadLetters, replayDeadLetter, type DeadLetter } from "./dead-letters.repo";
import { DeadLetterIdParam, DeadLetterListSchema, DeadLetterSchema, ListDeadLettersQuery, ReplayResultSchema } from "./schemas";
import { noStore } from "../shared/no-store";

const guard = [requireRoles("admin"), noStore];
const tags = ["Admin: dead letters"];
const who = "Admins only: no token is 401, customers and sellers get 403.";

const list = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Dead letters, newest first (cursor pagination)",
  description: who,
  security: bearerAuth,
  middleware: guard,
  request: { query: ListDeadLettersQuery },
  responses: { 200: jsonContent(DeadLetterListSchema, "A page of dead letters"), ...errorResponses(400, 401, 403) },
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "One dead letter with its body",
  description: who,
  security: bearerAuth,
  middleware: guard,
  request: { params: DeadLetterIdParam },
  responses: { 200: jsonContent(DeadLetterSchema, "The dead letter"), ...errorResponses(400, 401, 403, 404) },
});

const replay = createRoute({
  method: "post",
  path: "/{id}/replay",
  tags,
  summary: "Send the message back to the queue it failed on",
  description: `${who} Replaying again is allowed (the consumers are idempotent) and counted.`,
  security: bearerAuth,
  middleware: guard,
  request: { params: DeadLetterIdParam },
  responses: { 200: jsonContent(ReplayResultSchema, "Replayed"), ...errorResponses(400, 401, 403, 404, 503) },
});

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text; // recorded by an older writer as plain text: shown as it is
  }
};

const deadLetterJson = (d: DeadLetter) => ({
  id: d.id,
  source_queue: d.sourceQueue,
  event_id: d.eventId,
  event_type: d.eventType,
  body: parseBody(d.body),
  received_at: isoTime(d.receivedAt),
  replayed_at: d.replayedAt === null ? null : isoTime(d.replayedAt),
  replay_count: d.replayCount,
});

const notFound = (id: string) => new DomainError("not_found", "dead_letter_not_found", `No dead letter ${id}.`);

export const deadLetterRoutes = newRouter()
  .openapi(list, async (c) => {
    const { state, page_token: token, limit } = c.req.valid("query");
    const cursor = token ? decodePageToken(token, { r: "number", i: "string" }) : undefined;
    const after = cursor ? { receivedAt: Number(cursor.r), id: String(cursor.i) } : undefined;
    const page = await listDeadLetters(c.env.DB, { state, limit, after });
    const last = page.items.at(-1);
    return c.json(
      {
        results: page.items.map(deadLetterJson),
        next_page_token: page.hasMore && last ? encodePageToken({ r: last.receivedAt, i: last.id }) : null,
      },
      200,
    );
  })
  .openapi(read, async (c) => {
    const { id } = c.req.valid("param");
    const letter = await findDeadLetter(c.env.DB, id);
    if (!letter) throw notFound(id);
    return c.json(deadLetterJson(letter), 200);
  })
  .openapi(replay, async (c) => {
    const { id } = c.req.valid("param");
    const letter = await replayDeadLetter(c.env, id, Date.now());
    if (!letter || letter.replayedAt === null) throw notFound(id);
    return c.json(
      { id: letter.id, source_queue: letter.sourceQueue, replay_count: letter.replayCount, replayed_at: isoTime(letter.replayedAt) },
      200,
    );
  });
