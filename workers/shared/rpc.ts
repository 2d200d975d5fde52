// Turns a Durable Object's result object back into a value or a DomainError. DOs answer
// expected failures as `{ ok: false, error }` because custom error fields do not cross RPC.
import { DomainError, type ErrorCode, type ErrorType } from "./errors";

type Result<T> = { ok: true; value: T } | { ok: false; error: { type: ErrorType; code: ErrorCode; message: string } };

export const unwrap = <T>(r: Result<T>): T => {
  if (r.ok) return r.value;
  throw new DomainError(r.error.type, r.error.code as never, r.error.message);
};
