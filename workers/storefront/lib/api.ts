// The storefront's only way to the shop: the public API through hono/client, typed by the
// Worker's AppType. `call` turns every failure (an API error body, a network failure, an
// unexpected answer) into one ApiError with a message fit to show a shopper.
import { DetailedError, hc, parseResponse, type ClientResponse } from "hono/client";
import type { AppType } from "../../app";
import { authHeaders, clearSession } from "./session";

export const api = hc<AppType>(location.origin, { headers: () => authHeaders() });

/** One field's problem in a 400 answer (error.details): forms show it next to the field. */
export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly requestId?: string,
    readonly details: FieldProblem[] = [],
    /** Figures the API sent with the error (error.data), e.g. the new totals of price_changed. */
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface ErrorBody {
  error?: {
    type?: string;
    code?: string;
    message?: string;
    requestId?: string;
    details?: { path: string; message: string }[];
    data?: Record<string, unknown>;
  };
}

const FALLBACK: Record<number, string> = {
  404: "We could not find that.",
  429: "Too many requests just now. Please wait a moment and try again.",
};

const fromDetailed = (e: DetailedError): ApiError => {
  const status = Number(e.statusCode ?? 0);
  const body = (e.detail as { data?: ErrorBody } | undefined)?.data;
  const err = typeof body === "object" && body !== null ? body.error : undefined;
  if (status === 401 && authHeaders().Authorization) {
    clearSession();
    return new ApiError("Your session has expired. Please sign in again.", 401, "session_expired", err?.requestId);
  }
  const message =
    err?.message ??
    FALLBACK[status] ??
    (status >= 500 ? "Something went wrong on our side. Please try again in a moment." : `The request failed (${status}).`);
  const data = typeof err?.data === "object" && err.data !== null ? err.data : undefined;
  return new ApiError(message, status, err?.code ?? `http_${status}`, err?.requestId, Array.isArray(err?.details) ? err.details : [], data);
};

/** The successful body of an API call; anything else throws an ApiError. */
export const call = async <T extends ClientResponse<unknown>>(request: Promise<T>) => {
  try {
    return await parseResponse(request);
  } catch (e) {
    if (e instanceof DetailedError) throw fromDetailed(e);
    if (e instanceof ApiError) throw e;
    throw new ApiError("We could not reach the shop. Check your connection and try again.", 0, "network_error");
  }
};

/** The field-level problems of a failed call (empty for anything but a 400 with details). */
export const detailsOf = (e: unknown): FieldProblem[] => (e instanceof ApiError ? e.details : []);

/** A fresh Idempotency-Key for one user action (retries of that action reuse it). */
export const idempotencyKey = (): string => crypto.randomUUID();
