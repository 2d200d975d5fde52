// Every 400 about a header or query parameter says in plain words which input is wrong and what
// to send: no parser wording ("Invalid input: expected string, received undefined", "NaN").
// Driven by the app's own OpenAPI document, so a parameter added later is covered too. For each
// header and query parameter: left out where it is required, a word where a number is expected,
// a value outside its pattern or its choices.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { raw, register } from "../helpers/client";

interface Schema {
  type?: string | string[];
  pattern?: string;
  enum?: unknown[];
}
interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema: Schema;
}
interface RawOp {
  security?: unknown[];
  parameters?: Param[];
  requestBody?: unknown;
}
interface Case {
  name: string;
  method: string;
  path: string;
  secured: boolean;
  param: string;
  query?: string;
  headers: Record<string, string>;
  body?: string;
}

const UNKNOWN_ID = "ZZUNKNOWN0000"; // well-formed for the product id pattern, never issued
const PARSER_WORDS = /invalid input|received|expected|NaN|undefined/i;

const doc = (await (await raw("GET", "/openapi.json")).json()) as { paths: Record<string, Record<string, RawOp>> };

const isNumeric = (s: Schema) => [s.type].flat().some((t) => t === "integer" || t === "number");

const cases: Case[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).flatMap(([method, op]) => {
    const params = (op.parameters ?? []).filter((p) => p.in === "header" || p.in === "query");
    const base = {
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, UNKNOWN_ID),
      secured: !!op.security?.length,
      body: op.requestBody ? "{}" : undefined,
    };
    // Required headers keep a valid-looking stand-in while another one is tested: none has more than one today.
    return params.flatMap((p): Case[] => {
      const bad: [string, string | undefined][] = [];
      if (p.required) bad.push(["left out", undefined]);
      if (isNumeric(p.schema)) bad.push(["a word where a number is expected", "abc"]);
      if (p.schema.pattern) bad.push(["outside its pattern", "Bad Value!"]);
      if (p.schema.enum) bad.push(["not one of its choices", "NOT-A-CHOICE"]);
      return bad.map(([what, value]) => ({
        ...base,
        name: `${base.method} ${path}: ${p.in} ${p.name} ${what}`,
        param: p.name,
        query: p.in === "query" && value !== undefined ? `${p.name}=${encodeURIComponent(value)}` : undefined,
        headers: p.in === "header" && value !== undefined ? { [p.name]: value } : {},
      }));
    });
  }),
);

const tokens: string[] = [];
beforeAll(async () => {
  tokens.push((await register("customer", "Wording Customer")).token, (await register("seller", "Wording Seller")).token);
  const admin = await register("customer", "Wording Admin");
  await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?").bind(admin.userId).run();
  const login = await raw("POST", "/api/v1/auth/login", { body: JSON.stringify({ email: admin.email, password: admin.password }) });
  tokens.push(((await login.json()) as { token: string }).token);
});

/** Sends the case as the first role the route's guard lets through (anonymous where it is open). */
const send = async (c: Case): Promise<Response> => {
  const url = c.path + (c.query ? `?${c.query}` : "");
  if (!c.secured) return raw(c.method, url, { body: c.body, headers: c.headers });
  let res: Response | undefined;
  for (const token of tokens) {
    res = await raw(c.method, url, { body: c.body, headers: { ...c.headers, Authorization: `Bearer ${token}` } });
    if (res.status !== 401 && res.status !== 403) return res;
  }
  return res!;
};

describe("400s about headers and query parameters say what to send", () => {
  it("covers the parameters the document declares", () => {
    expect(cases.some((c) => c.name.includes("header idempotency-key left out"))).toBe(true);
    expect(cases.some((c) => c.name.includes("a word where a number is expected"))).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const res = await send(c);
    const body = (await res.json()) as { error: { code: string; message: string; details?: { path: string; message: string }[] } };
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.error.code).toBe("validation_failed");
    const { message } = body.error;
    expect(message).not.toMatch(PARSER_WORDS);
    expect(message.toLowerCase()).toContain(c.param.toLowerCase());
    expect(message).toMatch(/^[A-Z].*\.$/);
    for (const d of body.error.details ?? []) expect(d.message).not.toMatch(PARSER_WORDS);
  });
});
