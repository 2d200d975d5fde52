// The published OpenAPI document is a valid OpenAPI 3.1 document (checked by a maintained
// validator), every example in it passes its own schema (JSON Schema 2020-12, as 3.1 defines),
// every pattern is a plain ECMAScript pattern, and every operation carries a unique
// operationId, the 500 answer and, where it may be rate limited, the Retry-After header.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { createApp } from "../../workers/app";
import { OPERATION_IDS, operationKey } from "../../workers/shared/openapi-operations";
import { TEST_CARRIER_WEBHOOK_SECRET, TEST_JWT_SECRET } from "../helpers/test-secrets";

interface Operation {
  operationId?: string;
  responses: Record<string, { headers?: Record<string, { required?: boolean }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

// The configuration guard answers 500 without real secrets: give the document the test ones.
const env = {
  CORS_ORIGINS: "*",
  ENVIRONMENT: "production",
  JWT_SECRET: TEST_JWT_SECRET,
  CARRIER_WEBHOOK_SECRET: TEST_CARRIER_WEBHOOK_SECRET,
};
const response = await createApp().request("/openapi.json", {}, env);
const doc = (await response.json()) as Doc;
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ key: operationKey(method, path), op })),
);

const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Every (JSON pointer of a schema, example value, where it sits) in the document. */
const examples = (node: unknown, pointer = ""): { schema: string; value: unknown; at: string }[] => {
  if (!node || typeof node !== "object") return [];
  const o = node as Record<string, unknown>;
  const found: { schema: string; value: unknown; at: string }[] = [];
  if ("schema" in o && typeof o.schema === "object") {
    // A parameter or media type: its example(s) must pass its schema.
    if (o.example !== undefined) found.push({ schema: `${pointer}/schema`, value: o.example, at: `${pointer}/example` });
    for (const [name, e] of Object.entries((o.examples ?? {}) as Record<string, { value?: unknown }>)) {
      found.push({ schema: `${pointer}/schema`, value: e.value, at: `${pointer}/examples/${name}` });
    }
  } else {
    // A schema: `example` (OpenAPI's) or `examples` (JSON Schema's array).
    if (o.example !== undefined) found.push({ schema: pointer, value: o.example, at: `${pointer}/example` });
    if (Array.isArray(o.examples)) {
      for (const [i, value] of o.examples.entries()) found.push({ schema: pointer, value, at: `${pointer}/examples/${i}` });
    }
  }
  for (const [k, v] of Object.entries(o))
    if (k !== "example" && k !== "examples") found.push(...examples(v, `${pointer}/${escapePointer(k)}`));
  return found;
};

const patterns = (node: unknown, pointer = ""): { pattern: string; at: string }[] => {
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === "pattern" && typeof v === "string" ? [{ pattern: v, at: pointer }] : patterns(v, `${pointer}/${escapePointer(k)}`),
  );
};

describe("the OpenAPI document", () => {
  it("is served", () => expect(response.status).toBe(200));

  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("has every example pass its own schema", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(doc, "openapi");
    const found = examples(doc);
    expect(found.length).toBeGreaterThan(10);
    const wrong = found.flatMap(({ schema, value, at }) => {
      const check = ajv.compile({ $ref: `openapi#${schema}` });
      return check(value) ? [] : [`${at}: ${JSON.stringify(value)}: ${ajv.errorsText(check.errors)}`];
    });
    expect(wrong).toEqual([]);
  });

  it("has patterns without RegExp flags (JSON Schema patterns have none)", () => {
    const found = patterns(doc);
    expect(found.length).toBeGreaterThan(0);
    for (const { pattern, at } of found) {
      expect(() => new RegExp(pattern, "u"), at).not.toThrow();
      // zod-to-openapi publishes a RegExp's toString(): a flag would leak as a trailing "/i".
      expect(pattern, at).not.toMatch(/\/[dgimsuvy]+$/);
    }
  });

  it("gives every operation a unique operationId", () => {
    const missing = operations.filter(({ op }) => !op.operationId).map(({ key }) => key);
    expect(missing, `add these to OPERATION_IDS in workers/shared/openapi-operations.ts: ${missing.join(", ")}`).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it("names no operation that does not exist in OPERATION_IDS", () => {
    const keys = new Set(operations.map(({ key }) => key));
    const stale = Object.keys(OPERATION_IDS).filter((k) => !keys.has(k));
    expect(stale, "remove these from OPERATION_IDS: the routes are gone").toEqual([]);
  });

  it("documents the 500 answer on every operation", () => {
    expect(operations.filter(({ op }) => !op.responses["500"]).map(({ key }) => key)).toEqual([]);
  });

  it("documents Retry-After on every 429", () => {
    const limited = operations.filter(({ op }) => op.responses["429"]);
    expect(limited.length).toBeGreaterThan(0);
    for (const { key, op } of limited) expect(op.responses["429"]!.headers?.["Retry-After"]?.required, key).toBe(true);
  });
});
