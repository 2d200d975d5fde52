// Validation errors on every route: no 500 from any malformed request.
//
// Driven by the app's own OpenAPI document (GET /openapi.json), so a route added later is covered
// without editing this file. For every operation it sends malformed bodies, content types and
// sizes, invalid path ids, bad query params and bad Authorization headers, anonymously and with a
// customer's and a seller's token, and checks each answer is a 4xx with the one error body
// `{ error: { type, code, message, requestId, details? } }`: a readable message (no stack) and the
// X-Request-Id header's id. Where the taxonomy defines the answer (malformed_json,
// validation_failed + details, body_too_large, json_required, the 401 codes, insufficient_role)
// the exact status and code are asserted too. A guard that refuses the caller answers first: no
// token → 401 missing_token, wrong role → 403 insufficient_role (size and media-type checks and
// the Authorization header run before any guard).
import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES, ERROR_STATUS, type ErrorBody } from "../../workers/shared/errors";
import { MAX_BODY_BYTES } from "../../workers/shared/request-guards";
import { raw, register } from "../helpers/client";
import { TEST_JWT_SECRET as JWT_SECRET } from "../helpers/test-secrets";

const UNKNOWN_ID = "ZZUNKNOWN0000"; // well-formed for every id pattern, never issued

interface Schema {
  type?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}
interface Param {
  name: string;
  in: string;
  schema: Schema;
}
interface RawOp {
  security?: unknown[];
  parameters?: Param[];
  responses: Record<string, unknown>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Op {
  key: string;
  method: string;
  path: string;
  secured: boolean;
  statuses: string[];
  params: Param[];
  body?: Schema;
}
type Mode = "anonymous" | "customer" | "seller" | "admin";
interface Expect {
  status: number;
  code?: string | RegExp;
  field?: string;
  mentions?: string;
}
interface Case {
  name: string;
  mode: Mode;
  path?: string;
  body?: string;
  chunked?: boolean;
  headers?: Record<string, string>;
  expect: Expect;
  beforeGuard?: boolean /* answered before any auth/role guard, whoever calls */;
}

// ---- the operations, from the OpenAPI document ----
const doc = (await (await raw("GET", "/openapi.json")).json()) as {
  paths: Record<string, Record<string, RawOp>>;
  components: { schemas: Record<string, Schema> };
};
const deref = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.split("/").pop()!]! : s);
const ops: Op[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, o]) => ({
    key: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    secured: !!o.security?.length,
    statuses: Object.keys(o.responses),
    params: o.parameters ?? [],
    body: o.requestBody ? deref(o.requestBody.content["application/json"]!.schema) : undefined,
  })),
);
/** UNKNOWN_ID where the id pattern takes it, else the param's documented example (a well-formed id never issued). */
const unknownId = (op: Op): string => {
  const p = op.params.find((q) => q.in === "path");
  return !p?.schema.pattern || new RegExp(p.schema.pattern).test(UNKNOWN_ID) ? UNKNOWN_ID : String(p.schema.example);
};
const url = (op: Op, id = unknownId(op), query = "") => op.path.replace(/\{[^}]+\}/g, id) + (query && `?${query}`);

/** A value the schema accepts: the valid body every mutation starts from. */
const sample = (schema: Schema): unknown => {
  const s = deref(schema);
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  if (s.type === "object") return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, sample(p)]));
  if (s.type === "array") return [];
  if (s.type === "integer" || s.type === "number") return s.minimum ?? 1;
  if (s.type === "boolean") return false;
  return s.format === "email" ? "ann@example.com" : s.format === "uri" ? "https://example.com/a.png" : "valid-value-1";
};

/** Values a field's schema refuses: wrong JSON types, out of range, too long, not a choice. */
const wrongValues = (schema: Schema): [string, unknown][] => {
  const s = deref(schema);
  const out: [string, unknown][] = [["null", null]];
  if (s.type === "integer" || s.type === "number") {
    out.push(["a numeric string", "12"], ['"true"', "true"], ["a boolean", true], ["huge (1e20)", 1e20]);
    if (s.type === "integer") out.push(["a float (12.5)", 12.5]);
    if (s.minimum !== undefined) out.push(["below minimum", s.minimum - 1], ["negative", -Math.abs(s.minimum) - 1]);
    if (s.maximum !== undefined) out.push(["above maximum", s.maximum + 1]);
  } else if (s.type === "boolean") out.push(['"true"', "true"], ['"false"', "false"], ["1", 1]);
  else if (s.type === "string") {
    out.push(["a number", 42], ["a boolean", true], ["an object", {}], ["an array", ["x"]]);
    if (s.enum) out.push(["not a choice", "NOT-A-CHOICE"]);
    if (s.format === "email") out.push(["not an email", "not-an-email"]);
    if (s.minLength) out.push(["too short", "x".repeat(s.minLength - 1)]);
    if (s.maxLength) out.push(["too long", "x".repeat(s.maxLength + 1)]);
  } else if (s.type === "array") {
    out.push(["a string", "x"], ["an object", {}]);
    if (s.maxItems !== undefined) out.push(["too many items", Array(s.maxItems + 1).fill(sample(s.items ?? {}))]);
  } else if (s.type === "object") out.push(["an array", []], ["a string", "x"]);
  return out;
};

// ---- the battery ----
type Fault = Omit<Case, "mode">;
const invalid = (field: string, mentions?: string): Expect => ({ status: 400, code: "validation_failed", field, mentions });
const malformed: Expect = { status: 400, code: "malformed_json" };

const bodyFaults = (op: Op): Fault[] => {
  const valid = sample(op.body!) as Record<string, unknown>;
  const json = JSON.stringify;
  return [
    { name: 'malformed JSON `{"a":`', body: '{"a":', expect: malformed },
    { name: "JSON with a trailing comma", body: '{"a":1,}', expect: malformed },
    { name: "an empty body sent as JSON", body: "", expect: malformed },
    { name: "a body of exactly 64 KiB is not refused for size", body: '{"a":'.padStart(MAX_BODY_BYTES), expect: malformed },
    ...[
      ["an array", "[]"],
      ["a string", '"hello"'],
      ["a number", "42"],
      ["null", "null"],
      ["a boolean", "true"],
    ].map(([what, body]) => ({ name: `top-level JSON ${what}`, body, expect: invalid("json") })),
    { name: "an unknown extra field", body: json({ ...valid, unexpected_field: 1 }), expect: invalid("json", "unexpected_field") },
    ...(op.body!.required ?? []).map((f) => ({
      name: `missing required ${f}`,
      body: json({ ...valid, [f]: undefined }),
      expect: invalid(`json.${f}`),
    })),
    ...Object.entries(op.body!.properties ?? {}).flatMap(([f, s]) =>
      wrongValues(s).map(([what, v]) => ({ name: `json.${f} = ${what}`, body: json({ ...valid, [f]: v }), expect: invalid(`json.${f}`) })),
    ),
    ...[
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
      // JSON by our own guard's reading, but not the declared media type: still a 415, never a 400.
      "application/json ; charset=utf-8",
      "application/x_y+json",
    ].map((type) => ({
      name: `a ${type} body`,
      body: type.includes("form") ? "a=1" : "{}",
      headers: { "Content-Type": type },
      expect: { status: 415, code: "json_required" },
      beforeGuard: true,
    })),
    ...[false, true].map((chunked) => ({
      name: `a body over 64 KiB${chunked ? ", streamed without Content-Length" : ""}`,
      chunked,
      body: json({ ...valid, padding: "x".repeat(MAX_BODY_BYTES) }),
      expect: { status: 413, code: "body_too_large" },
      beforeGuard: true,
    })),
  ];
};

const BAD_IDS: [string, string][] = [
  ["spaces", "has%20spaces"],
  ["../ traversal", encodeURIComponent("../../auth/me")],
  ["200 chars", "a".repeat(200)],
  ["unicode", encodeURIComponent("prödüct-☃")],
  ["%00", "%00"],
  ["a literal %00", encodeURIComponent("%00")],
  ["SQL", encodeURIComponent("' OR 1=1 --")],
  ["a broken percent escape", "%E0%A4%A"],
];

const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const BAD_PAGE_TOKENS: [string, string][] = [
  ["garbage", "!!not-base64!!"],
  ["base64 of non-JSON", b64url("not json")],
  ["base64 of invalid UTF-8", b64url("\xff\xfe\xfd")],
  ...["[1,2]", '"x"', "null", "42", '{"after":5}', '{"c":1}'].map((j): [string, string] => [`JSON ${j}`, b64url(j)]),
];

const paramFaults = (op: Op): Fault[] => {
  const body = op.body && JSON.stringify(sample(op.body));
  const pathFaults = op.params
    .filter((p) => p.in === "path")
    .flatMap((p): Fault[] => [
      ...BAD_IDS.map(([what, id]) => ({ name: `path ${p.name}: ${what}`, path: url(op, id), body, expect: invalid(`param.${p.name}`) })),
      ...(op.statuses.includes("404")
        ? [{ name: `path ${p.name}: well-formed but unknown`, body, expect: { status: 404, code: /_not_found$/ } }]
        : []),
    ]);
  const queryFaults = op.params
    .filter((p) => p.in === "query")
    .flatMap((p): Fault[] => {
      const s = p.schema;
      const numeric = s.type === "integer" || s.type === "number";
      const refused = (v: string) =>
        numeric
          ? ((n) =>
              Number.isNaN(n) ||
              n < (s.minimum ?? -Infinity) ||
              n > (s.maximum ?? Infinity) ||
              (s.type === "integer" && !Number.isInteger(n)))(Number(v))
          : (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) || v.length > (s.maxLength ?? Infinity);
      const values = numeric
        ? ["0", "-1", "abc", "1.5", "1e9", ""]
        : ["' OR 1=1 --", "Bad Value!", "\u0000", "x".repeat((s.maxLength ?? 600) + 1)];
      const one = encodeURIComponent(String(sample(s)));
      return [
        ...values.filter(refused).map((v) => ({
          name: `query ${p.name}=${v.length > 20 ? `<${v.length} chars>` : JSON.stringify(v)}`,
          path: url(op, UNKNOWN_ID, `${p.name}=${encodeURIComponent(v)}`),
          expect: invalid(`query.${p.name}`),
        })),
        {
          name: `query ${p.name} repeated`,
          path: url(op, UNKNOWN_ID, `${p.name}=${one}&${p.name}=${one}`),
          expect: invalid(`query.${p.name}`),
        },
        ...(p.name === "page_token" ? BAD_PAGE_TOKENS : []).map(([what, t]) => ({
          name: `query page_token: ${what}`,
          path: url(op, UNKNOWN_ID, `page_token=${encodeURIComponent(t)}`),
          expect: { status: 400, code: "invalid_page_token" },
        })),
      ];
    });
  return [...pathFaults, ...queryFaults];
};

// Authorization headers are checked on every /api route before any guard, public routes included.
const now = Math.floor(Date.now() / 1000);
const claims = { sub: "usr_validation0000", role: "customer", prime: false, iss: "edge-commerce", iat: now, exp: now + 600 };
const realToken = await sign(claims, JWT_SECRET, "HS256");
const BAD_AUTH: [string, string, string][] = [
  ["a token without the Bearer prefix", realToken, "invalid_token"],
  ["the Basic scheme", "Basic dXNlcjpwYXNzd29yZA==", "invalid_token"],
  ["Bearer with no token", "Bearer ", "invalid_token"],
  ["three garbage segments", "Bearer aaaa.bbbb.cccc", "invalid_token"],
  ["a token signed with another secret", `Bearer ${await sign(claims, "another-secret-0123456789abcdef-0123456789")}`, "invalid_token"],
  ["an alg=none token", `Bearer ${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}.AAAA`, "invalid_token"],
  ["an HS512 token", `Bearer ${await sign(claims, JWT_SECRET, "HS512")}`, "invalid_token"],
  ["a token without an issuer", `Bearer ${await sign({ ...claims, iss: undefined }, JWT_SECRET)}`, "invalid_token"],
  ["a token not valid yet (nbf)", `Bearer ${await sign({ ...claims, nbf: now + 3600 }, JWT_SECRET)}`, "invalid_token"],
  ["an expired token", `Bearer ${await sign({ ...claims, iat: now - 7200, exp: now - 3600 }, JWT_SECRET)}`, "token_expired"],
];
const authFaults = (op: Op): Case[] =>
  // Outside /api (the liveness probe) no token is read, so none is refused.
  (op.path.startsWith("/api/") ? BAD_AUTH : []).map(([what, header, code]) => ({
    name: `Authorization: ${what}`,
    mode: "anonymous",
    headers: { Authorization: header },
    expect: { status: 401, code },
    beforeGuard: true,
  }));

const casesFor = (op: Op): Case[] => [
  ...(op.secured ? [{ name: "no token", mode: "anonymous" as Mode, expect: { status: 401, code: "missing_token" } }] : []),
  ...[...(op.body ? bodyFaults(op) : []), ...paramFaults(op)].flatMap((f) =>
    // Admin-only routes (under /api/v1/admin) refuse customers and sellers: an admin token reaches their validation.
    [...(["anonymous", "customer", "seller"] as const), ...(op.path.startsWith("/api/v1/admin/") ? (["admin"] as const) : [])].map(
      (mode) => ({ ...f, mode }),
    ),
  ),
  ...authFaults(op),
];

// ---- running and checking ----
const tokens: Partial<Record<Mode, string>> = {};
const admitted = new Map<string, Set<Mode>>(); // secured op → roles its guard lets through

const send = (op: Op, c: Pick<Case, "mode" | "path" | "body" | "chunked" | "headers">) => {
  const auth: Record<string, string> = tokens[c.mode] ? { Authorization: `Bearer ${tokens[c.mode]}` } : {};
  const bytes = c.body === undefined ? undefined : new TextEncoder().encode(c.body);
  const body =
    bytes && c.chunked
      ? new ReadableStream({
          start: (ctl) => {
            ctl.enqueue(bytes);
            ctl.close();
          },
        })
      : c.body;
  // A fresh Idempotency-Key on every call: checkout requires one (it is checked before the body),
  // and no other route minds it.
  return raw(op.method, c.path ?? url(op), { body, headers: { "Idempotency-Key": crypto.randomUUID(), ...auth, ...c.headers } });
};

const expected = (op: Op, c: Case): Expect => {
  if (c.beforeGuard || !op.secured) return c.expect;
  if (c.mode === "anonymous") return { status: 401, code: "missing_token" };
  return admitted.get(op.key)!.has(c.mode) ? c.expect : { status: 403, code: "insufficient_role" };
};

/** The response is a 4xx carrying the one error body, readable and tied to the request id. */
const expectError = async (res: Response, exp: Expect) => {
  const text = await res.text();
  const why = `${res.status} ${text.slice(0, 600)}`;
  expect(res.status, why).toBeGreaterThanOrEqual(400);
  expect(res.status, why).toBeLessThan(500);
  expect(res.headers.get("Content-Type"), why).toMatch(/^application\/json/);
  const { error } = JSON.parse(text) as { error: ErrorBody };
  expect(error.requestId, why).toBe(res.headers.get("X-Request-Id"));
  expect(ERROR_STATUS[error.type], why).toBe(res.status);
  expect(ERROR_CODES[error.type] as readonly string[], why).toContain(error.code);
  expect(error.message.trim().length, why).toBeGreaterThan(0);
  expect(error.message, why).not.toMatch(/\n|\bat \S+ \(|:\d+:\d+\)?$|\b\w*(Error|Exception):|\[object /);
  expect(res.status, why).toBe(exp.status);
  if (exp.code) expect(error.code, why).toMatch(exp.code instanceof RegExp ? exp.code : new RegExp(`^${exp.code}$`));
  if (exp.field !== undefined) {
    expect(error.details, why).toBeInstanceOf(Array);
    const paths = error.details!.map((d) => d.path);
    expect(
      paths.some((p) => p === exp.field || p.startsWith(`${exp.field}.`)),
      `${why}\nwanted a detail at ${exp.field}`,
    ).toBe(true);
    for (const d of error.details!) expect(d.message.length, why).toBeGreaterThan(0);
  }
  if (exp.mentions) expect(JSON.stringify(error.details), why).toContain(exp.mentions);
};

beforeAll(async () => {
  tokens.customer = (await register("customer", "Validation Customer")).token;
  tokens.seller = (await register("seller", "Validation Seller")).token;
  const admin = await register("customer", "Validation Admin");
  await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?").bind(admin.userId).run();
  const login = await raw("POST", "/api/v1/auth/login", { body: JSON.stringify({ email: admin.email, password: admin.password }) });
  tokens.admin = ((await login.json()) as { token: string }).token;
  // Which roles each guard admits: a well-formed request (unknown id, valid body) per role.
  for (const op of ops.filter((o) => o.secured)) {
    const roles = new Set<Mode>();
    for (const mode of ["customer", "seller", "admin"] as const) {
      const res = await send(op, { mode, body: op.body && JSON.stringify(sample(op.body)) });
      if (res.status === 403) await expectError(res, { status: 403, code: "insufficient_role" });
      else roles.add(mode);
    }
    admitted.set(op.key, roles);
  }
});

describe("the OpenAPI document", () => {
  it("lists the API's operations, each id param pattern-checked", () => {
    expect(ops.map((o) => o.key)).toEqual(expect.arrayContaining(["POST /api/v1/auth/register", "PATCH /api/v1/products/{id}"]));
    for (const p of ops.flatMap((o) => o.params).filter((p) => p.in === "path")) expect(p.schema.pattern, p.name).toBeTruthy();
  });

  it.each(ops.filter((o) => o.secured))(
    "$key: some role passes its guard; some role gets 403 insufficient_role where 403 is documented",
    (op) => {
      const roles = admitted.get(op.key)!;
      expect(roles.size).toBeGreaterThan(0);
      if (op.statuses.includes("403")) expect(roles.size).toBeLessThan(3);
    },
  );
});

// Routes with nothing to refuse (no input, no token read: the liveness probe) have no cases.
describe.each(ops.filter((op) => casesFor(op).length > 0))("$key", (op) => {
  it.each(casesFor(op))("$name [$mode]", async (c) => {
    await expectError(await send(op, c), expected(op, c));
  });
});
