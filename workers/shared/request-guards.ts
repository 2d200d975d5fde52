// Guards every API request passes before routing: JSON-only bodies and a body size limit.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env";
import { DomainError } from "./errors";

/** Largest request body the API accepts (JSON documents here are small). */
export const MAX_BODY_BYTES = 64 * 1024;

export const limitBody = (): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new DomainError("payload_too_large", "body_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    },
  });

const hasBody = (req: Request): boolean => {
  const length = req.headers.get("Content-Length");
  return length !== null ? Number(length) > 0 : req.body !== null;
};

/**
 * The media types the routes' JSON validators accept (the same rule @hono/zod-openapi applies),
 * so a body they would refuse is refused here, before any auth guard, with one clear 415.
 */
const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** A body sent with another media type would be silently ignored by the validators: refuse it. */
export const requireJsonBody = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (["POST", "PUT", "PATCH"].includes(c.req.method) && hasBody(c.req.raw)) {
    if (!JSON_CONTENT_TYPE.test(c.req.header("Content-Type") ?? "")) {
      throw new DomainError("unsupported_media_type", "json_required", "Send the body as application/json.");
    }
  }
  await next();
};
