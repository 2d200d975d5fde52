// Plain-words validation messages. zod's defaults ("Invalid input: expected number, received
// NaN") describe the parser, not what a client should send; this error map turns each issue
// kind into a predicate about the field ("must be a whole number from 1 to 50", "is required")
// that `validationHook` prefixes with the field's name. A message a schema sets itself wins.
import { z } from "zod";

/** The predicate for a value that was not sent at all (the hook turns it into "Send …"). */
export const REQUIRED = "is required";

type Issue = z.core.$ZodRawIssue & { schema?: unknown; inst?: unknown };
interface Check {
  _zod?: { def?: { check?: string; format?: string; error?: (iss: object) => unknown } };
}
// zod's classic schemas expose their bounds as getters (`minValue`, `maxLength`, `options`, ...).
interface Bounds {
  type?: string;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  minLength?: number | null;
  maxLength?: number | null;
  options?: unknown[];
  checks?: Check[];
  format?: string;
}

const shape = (iss: Issue): Bounds => {
  const s = (iss.schema ?? iss.inst) as ({ _zod?: { def?: { type?: string; checks?: Check[]; format?: string } } } & Bounds) | undefined;
  if (!s) return {};
  // Read one by one: the bounds are getters, which a spread would not copy.
  const { minValue, maxValue, isInt, minLength, maxLength, options } = s;
  return {
    type: s._zod?.def?.type,
    minValue,
    maxValue,
    isInt,
    minLength,
    maxLength,
    options,
    checks: s._zod?.def?.checks,
    format: s._zod?.def?.format,
  };
};

// A bound at the edge of the safe-integer range is zod's default for `.int()`, not a rule of ours.
const bound = (n: number | null | undefined): number | undefined =>
  n === null || n === undefined || !Number.isFinite(n) || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n;

const numberRule = (b: Bounds, whole = b.isInt === true): string => {
  const kind = whole ? "a whole number" : "a number";
  const [min, max] = [bound(b.minValue), bound(b.maxValue)];
  if (min !== undefined && max !== undefined) return `must be ${kind} from ${min} to ${max}`;
  if (min !== undefined) return `must be ${kind} of at least ${min}`;
  if (max !== undefined) return `must be ${kind} of at most ${max}`;
  return `must be ${kind}`;
};

const quoteAll = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(", ");

const lengthRule = (b: Bounds): string => {
  const [min, max] = [b.minLength ?? undefined, b.maxLength ?? undefined];
  if (min !== undefined && max !== undefined)
    return min === max ? `must be exactly ${min} characters` : `must be ${min} to ${max} characters`;
  if (min !== undefined) return min === 1 ? "must not be blank" : `must be at least ${min} characters`;
  return `must be at most ${max} characters`;
};

const TYPE_WORDS: Record<string, string> = {
  string: "must be text",
  boolean: "must be true or false",
  object: "must be a JSON object",
  array: "must be a list (a JSON array)",
  null: "must be null",
};

const FORMAT_WORDS: Record<string, string> = {
  email: "must be an email address such as ann@example.com",
  uuid: "must be a UUID such as 7b0c3c1e-2f0a-4c53-9d7e-5a4c2f1b9e11",
  url: "must be a URL such as https://example.com/a.png",
  datetime: "must be an ISO 8601 date-time such as 2026-11-20T09:30:00Z",
  date: "must be a date such as 2026-11-20",
};

const ownMessage = (c: Check): string | undefined => {
  try {
    const m = c._zod?.def?.error?.({ code: "invalid_format", input: undefined });
    return typeof m === "string" ? m : undefined;
  } catch {
    return undefined; // a message function written for a present value
  }
};

/** What a value must look like, for a field that was not sent: "a UUID", "a whole number from 1 to 50". */
const expected = (b: Bounds): string | undefined => {
  if (b.type === "number") return numberRule(b);
  if (b.type === "enum" && b.options) return `must be one of ${quoteAll(b.options)}`;
  // z.email(), z.uuid(), ... are formats of their own, not checks on a string.
  if (b.format && FORMAT_WORDS[b.format]) return FORMAT_WORDS[b.format];
  for (const c of b.checks ?? []) {
    if (c._zod?.def?.check !== "string_format") continue;
    // A schema's own wording for its format check says it best ("must be a UUID").
    const own = ownMessage(c);
    if (own) return own.replace(/\.$/, "");
    const format = c._zod?.def?.format;
    if (format && FORMAT_WORDS[format]) return FORMAT_WORDS[format];
  }
  return undefined;
};

/** A plain predicate for one zod issue, or undefined to keep zod's own wording. */
export const plainIssueMessage = (iss: Issue): string | undefined => {
  const b = shape(iss);
  switch (iss.code) {
    case "invalid_type": {
      if (iss.input === undefined) {
        const rule = expected(b);
        return rule ? `${REQUIRED}: ${rule.replace(/^must be /, "")}` : REQUIRED;
      }
      if (iss.expected === "number" || iss.expected === "int") return numberRule(b, iss.expected === "int" || b.isInt === true);
      if (b.type === "enum" && b.options) return `must be one of ${quoteAll(b.options)}`;
      return TYPE_WORDS[iss.expected] ?? `must be ${iss.expected}`;
    }
    case "too_small":
    case "too_big": {
      // The schema's bounds give the whole range; the issue's own bound is the fallback.
      const small = iss.code === "too_small";
      const [lo, hi] = [small ? Number(iss.minimum) : undefined, small ? undefined : Number(iss.maximum)];
      if (iss.origin === "number" || iss.origin === "int")
        return numberRule({ ...b, minValue: b.minValue ?? lo, maxValue: b.maxValue ?? hi });
      if (iss.origin === "string") return lengthRule({ ...b, minLength: b.minLength ?? lo, maxLength: b.maxLength ?? hi });
      if (iss.origin === "array" || iss.origin === "set") {
        const n = iss.code === "too_small" ? iss.minimum : iss.maximum;
        return small ? `must have at least ${n} item${n === 1 ? "" : "s"}` : `must have at most ${n} item${n === 1 ? "" : "s"}`;
      }
      return undefined;
    }
    case "invalid_format":
      if (iss.format === "regex") return "is not in the accepted format (see the pattern in /openapi.json)";
      return FORMAT_WORDS[iss.format] ?? `must be a valid ${iss.format}`;
    case "invalid_value":
      if (iss.input === undefined) return `${REQUIRED}: ${iss.values.length === 1 ? "" : "one of "}${quoteAll(iss.values)}`;
      return iss.values.length === 1 ? `must be ${quoteAll(iss.values)}` : `must be one of ${quoteAll(iss.values)}`;
    case "unrecognized_keys":
      return `has ${iss.keys.length === 1 ? "a field" : "fields"} we do not accept: ${iss.keys.join(", ")}`;
    case "not_multiple_of":
      return `must be a multiple of ${iss.divisor}`;
    case "invalid_union":
      return "is not in any accepted form";
    default:
      return undefined;
  }
};

/** Installs the plain messages for every zod parse in this isolate (called once by createApp). */
export const usePlainValidationMessages = (): void => {
  z.config({ customError: plainIssueMessage });
};
