// The Hono environment every sub-app shares: Worker bindings plus per-request variables.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Principal } from "../identity/identity";
import { validationHook } from "./http-errors";

export interface AppEnv {
  Bindings: Cloudflare.Env;
  Variables: {
    requestId: string;
    /** Set by `authenticate` when the request carries a valid Bearer token. */
    principal?: Principal;
  };
}

/** A sub-app whose schema failures become `invalid_data` errors (see http-errors.ts). */
export const newRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
