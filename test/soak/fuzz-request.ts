// One fuzzed request per fast-check sample for an OpenAPI operation: a third are valid (to reach
// the handlers), the rest chaos (junk path params, wrong query types, arbitrary JSON, junk headers).
import fc from "fast-check";
import { matching, resolve, validArb, valueArb, type OpenApiDoc, type Operation, type Param } from "./fuzz-gen";

export interface FuzzRequest {
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  auth: "none" | "token" | "admin" | "junk";
  /** undefined: no body. */
  body?: string;
  contentType: string;
}

/** Printable ASCII: what fetch accepts in a header value. */
const ascii = (maxLength = 60) => fc.string({ unit: "binary-ascii", maxLength }).map((s) => s.replace(/[^\x20-\x7e]/g, ""));
const RAW_SEGMENTS = ["../", "..%2F..%2Fadmin", "%", "%E0%A4%A", "%ff", "%00", "..", "%2e%2e", "a/b", "\\", ";x=1", "%3Fq=1", "%23"];

/** Documented examples are real catalog ids: read them, never write to them (the soak's other phases use them). */
const exampleOf = (doc: OpenApiDoc, p: Param, method: string) => {
  const s = resolve(doc, p.schema);
  return method === "get" && s.example !== undefined ? fc.constant(encodeURIComponent(String(s.example))) : undefined;
};

const validPathParam = (doc: OpenApiDoc, p: Param, method: string): fc.Arbitrary<string> => {
  const s = resolve(doc, p.schema);
  const m = s.pattern ? matching(s.pattern) : undefined;
  const alts = [m ? m.map(encodeURIComponent) : fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent)];
  const ex = exampleOf(doc, p, method);
  return ex ? fc.oneof(alts[0]!, ex) : alts[0]!;
};

/** A path parameter: valid-looking, unicode, traversal and broken escapes, very long, numbers. */
const junkPathParam = (doc: OpenApiDoc, p: Param, method: string): fc.Arbitrary<string> => {
  const enc = (a: fc.Arbitrary<string>) => a.map(encodeURIComponent);
  return fc.oneof(
    { weight: 2, arbitrary: validPathParam(doc, p, method) },
    { weight: 2, arbitrary: enc(fc.string({ maxLength: 30 })) },
    { weight: 1, arbitrary: enc(fc.string({ unit: "grapheme", maxLength: 10 })) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 1, arbitrary: enc(fc.string({ unit: "grapheme-ascii", minLength: 300, maxLength: 3000 })) },
    { weight: 1, arbitrary: fc.integer().map(String) },
  );
};

const queryValue = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));
type Pairs = [string, string][];

const junkHeaders = fc.record(
  {
    "Idempotency-Key": fc.oneof(fc.uuid(), ascii(), fc.constant("k".repeat(300))),
    "If-Match": fc.oneof(ascii(), fc.constantFrom('"v1"', "*", 'W/"x"', '"0"')),
    "If-None-Match": fc.oneof(ascii(), fc.constantFrom('"v1"', "*", 'W/"x"')),
    "X-Request-Id": ascii(140),
    Cookie: fc.oneof(
      ascii().map((v) => `cart_id=${v}`),
      fc.stringMatching(/^[0-9a-f]{32}$/).map((v) => `cart_id=${v}`),
    ),
  },
  { requiredKeys: [] },
);
const validHeaders = fc.record({ "Idempotency-Key": fc.uuid() }, { requiredKeys: [] });

export const requestArb = (doc: OpenApiDoc, path: string, method: string, op: Operation, hasAdmin: boolean): fc.Arbitrary<FuzzRequest> => {
  const params = op.parameters ?? [];
  const inPath = params.filter((p) => p.in === "path");
  const inQuery = params.filter((p) => p.in === "query");
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  const signedIn = hasAdmin ? (["token", "admin"] as const) : (["token"] as const);

  const valid = fc.record({
    pathParams: fc.record(Object.fromEntries(inPath.map((p) => [p.name, validPathParam(doc, p, method)]))),
    query: fc.tuple(
      ...inQuery.map((p) =>
        fc.option(
          validArb(doc, p.schema).map((v): Pairs => [[p.name, queryValue(v)]]),
          { freq: p.required ? 20 : 2 },
        ),
      ),
    ),
    unknownQuery: fc.constant<Pairs>([]),
    headers: validHeaders,
    auth: fc.constantFrom<FuzzRequest["auth"]>("none", ...signedIn, ...signedIn),
    body: schema ? validArb(doc, schema).map((v) => JSON.stringify(v)) : fc.constant(undefined),
    contentType: fc.constant("application/json"),
  });

  const chaos = fc.record({
    pathParams: fc.record(Object.fromEntries(inPath.map((p) => [p.name, junkPathParam(doc, p, method)]))),
    query: fc.tuple(
      ...inQuery.map((p) =>
        fc.option(
          fc.oneof(
            { weight: 4, arbitrary: valueArb(doc, p.schema).map((v): Pairs => [[p.name, queryValue(v)]]) },
            {
              weight: 1,
              arbitrary: fc
                .array(fc.string({ maxLength: 10 }), { minLength: 2, maxLength: 3 })
                .map((vs): Pairs => vs.map((v) => [p.name, v])),
            },
          ),
          { freq: p.required ? 8 : 3 },
        ),
      ),
    ),
    unknownQuery: fc.array(fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })), { maxLength: 2 }),
    headers: junkHeaders,
    auth: fc.constantFrom<FuzzRequest["auth"]>("none", "junk", ...signedIn),
    body: schema
      ? fc.oneof(
          { weight: 6, arbitrary: valueArb(doc, schema).map((v) => JSON.stringify(v)) },
          { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
          { weight: 1, arbitrary: fc.constant(undefined) },
        )
      : fc.option(
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
          { freq: 3 },
        ),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant("application/json") },
      {
        weight: 1,
        arbitrary: fc.constantFrom("text/plain", "application/json; charset=utf-8", "application/vnd.api+json", "application/json;;", ""),
      },
    ),
  });

  return fc.oneof({ weight: 1, arbitrary: valid }, { weight: 2, arbitrary: chaos }).map((r) => ({
    path: path.replace(/\{([^}]+)\}/g, (_, name: string) => (r.pathParams as Record<string, string>)[name] ?? ""),
    query: [...r.query.flatMap((q) => q ?? []), ...r.unknownQuery],
    headers: r.headers as Record<string, string>,
    auth: r.auth,
    ...(r.body != null ? { body: r.body } : {}),
    contentType: r.contentType,
  }));
};
