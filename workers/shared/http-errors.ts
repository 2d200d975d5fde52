// Maps every failure to the one JSON error body `{ error: { type, code, message, requestId } }`.
// The only place a DomainError becomes an HTTP status; unknown errors are logged here and
// answered with a generic 500 so that no stack or raw error ever reaches a client.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import type { AppEnv } from "./app-env";
import { DomainError, type ErrorBody, type FieldIssue } from "./errors";
import { REQUIRED } from "./validation-messages";

export const errorBody = (c: Context, e: DomainError): { error: ErrorBody } => ({
  error: {
    type: e.type,
    code: e.code,
    message: e.message,
    requestId: (c.get("requestId") as string | undefined) ?? "",
    ...(e.details ? { details: e.details } : {}),
    ...(e.data ? { data: e.data } : {}),
  },
});

/** Hono's own exceptions (from validators and middleware) expressed in our taxonomy. */
const fromHttpException = (e: HTTPException): DomainError => {
  if (e.status === 400 && /JSON/i.test(e.message)) {
    return new DomainError("invalid_data", "malformed_json", "The request body is not valid JSON.");
  }
  if (e.status === 413) {
    return new DomainError("payload_too_large", "body_too_large", "The request body is too large.");
  }
  if (e.status === 415) {
    return new DomainError("unsupported_media_type", "json_required", "Send the body as application/json.");
  }
  if (e.status === 401) {
    return new DomainError("unauthorized", "invalid_token", "The access token is invalid.");
  }
  if (e.status >= 400 && e.status < 500) {
    return new DomainError("invalid_data", "validation_failed", e.message || "Bad request.");
  }
  return new DomainError("internal", "internal_error", "Something went wrong on our side.");
};

export const onError: ErrorHandler = (err, c) => {
  let e: DomainError;
  if (err instanceof DomainError) e = err;
  else if (err instanceof HTTPException) e = fromHttpException(err);
  else e = new DomainError("internal", "internal_error", "Something went wrong on our side.");

  if (e.status >= 500) {
    // The real error stays in the log, keyed by request id.
    console.error(`[${c.get("requestId") ?? "-"}] ${c.req.method} ${c.req.path}`, err);
  }
  if (e.retryAfter !== undefined) c.header("Retry-After", String(e.retryAfter));
  c.header("Cache-Control", "no-store");
  return c.json(errorBody(c, e), e.status);
};

/** A browser opening a page that does not exist (not an API call): the storefront's 404 page. */
const wantsPage = (c: Context<AppEnv>): boolean =>
  c.req.method === "GET" && !c.req.path.startsWith("/api/") && (c.req.header("Accept") ?? "").includes("text/html");

export const onNotFound: NotFoundHandler<AppEnv> = async (c) => {
  if (wantsPage(c)) {
    const page = await c.env.ASSETS.fetch(new URL("/404", c.req.url));
    if (page.ok) return new Response(page.body, { status: 404, headers: page.headers });
  }
  return onError(new DomainError("not_found", "route_not_found", `No route for ${c.req.method} ${c.req.path}.`), c) as Response;
};

const issuePath = (target: string, path: PropertyKey[]): string => [target, ...path.map(String)].join(".");

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A field's message as shown next to the input: "Must be ...", "Required: a UUID". */
const fieldMessage = (text: string): string => capitalise(text.startsWith(REQUIRED) ? `required${text.slice(REQUIRED.length)}` : text);

/** Flattens zod issues into field-level messages a client can show next to the input. */
export const zodIssues = (target: string, error: ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ path: issuePath(target, i.path), message: fieldMessage(i.message) }));

// Header names arrive lower-cased; say them as clients write them (Idempotency-Key).
const headerName = (name: string): string => name.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());

/** How a sentence names the input: "the page query parameter", "the Idempotency-Key header". */
const label = (target: string, path: PropertyKey[]): string => {
  const name = path.map(String).join(".");
  switch (target) {
    case "header":
      return name ? `the ${headerName(name)} header` : "the request headers";
    case "query":
      return name ? `the ${name} query parameter` : "the query string";
    case "param":
      return `the ${name || "id"} in the path`;
    case "json":
      return name ? `the body field ${name}` : "the request body";
    default:
      return name ? `${target} ${name}` : `the ${target}`;
  }
};

/** One plain sentence per issue: what is wrong with which input, and what to send instead. */
const sentence = (target: string, issue: ZodError["issues"][number]): string => {
  const what = label(target, issue.path);
  const text = issue.message.replace(/\.$/, "");
  if (text === REQUIRED) return `Send ${what}.`;
  if (text.startsWith(`${REQUIRED}: `)) return `Send ${what}: ${text.slice(REQUIRED.length + 2)}.`;
  // Our predicates ("must be ...") read on from the name; a schema's own sentence stands alone.
  return /^[a-z]/.test(text) ? `${capitalise(what)} ${text}.` : `${capitalise(what)}: ${text}.`;
};

/** `defaultHook` for OpenAPIHono: a failed schema check is a 400 with field details. */
export const validationHook = (result: { success: boolean; error?: ZodError; target?: string }, _c: Context): void => {
  if (result.success || !result.error) return;
  const target = result.target ?? "request";
  const details = zodIssues(target, result.error);
  const message = result.error.issues
    .slice(0, 3)
    .map((i) => sentence(target, i))
    .join(" ");
  throw new DomainError("invalid_data", "validation_failed", message, { details });
};
