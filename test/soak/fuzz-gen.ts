// fast-check arbitraries for the OpenAPI fuzzer's values: from an OpenAPI 3.1 schema, either valid
// ones (validArb, to reach the handlers) or schema-shaped ones that are often wrong on purpose (valueArb).
import fc from "fast-check";

export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  pattern?: string;
  format?: string;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}
export interface Param {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const nasty = [
  "",
  " ",
  "../",
  "..",
  "%00",
  "\u0000",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, literally
  "${7*7}",
  "__proto__",
  "null",
  "-1",
  "NaN",
  "1e999",
];

export const resolve = (doc: OpenApiDoc, s: Schema | undefined): Schema => {
  let out = s ?? {};
  for (let i = 0; out.$ref && i < 10; i++) out = doc.components?.schemas?.[out.$ref.split("/").pop()!] ?? {};
  return out;
};

export const matching = (pattern: string): fc.Arbitrary<string> | undefined => {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return undefined;
  }
};

/** A value of the schema's shape: right often enough to reach the handler, wrong (types, ranges) often. */
export const valueArb = (doc: OpenApiDoc, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
  const s = resolve(doc, schema);
  if (depth > 4) return fc.jsonValue({ maxDepth: 1 });
  const wrong = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom<unknown>(...nasty, 0, -1, 1.5, 2 ** 53, -(2 ** 31), true, null, [], {}),
  );
  return fc.oneof({ weight: 4, arbitrary: rightish(doc, s, depth) }, { weight: 1, arbitrary: wrong });
};

const rightish = (doc: OpenApiDoc, s: Schema, depth: number): fc.Arbitrary<unknown> => {
  const alts = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => valueArb(doc, a, depth + 1)));
  if (s.enum?.length) return fc.oneof(fc.constantFrom(...s.enum), fc.string({ maxLength: 12 }));
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== "null") ?? "null") : s.type;
  const nullable = Array.isArray(s.type) && s.type.includes("null");
  const base = typedArb(doc, s, type, depth);
  return nullable ? fc.oneof(base, fc.constant(null)) : base;
};

const typedArb = (doc: OpenApiDoc, s: Schema, type: string | undefined, depth: number): fc.Arbitrary<unknown> => {
  const lo = s.minimum ?? -1_000_000;
  const hi = s.maximum ?? 1_000_000;
  switch (type) {
    case "string": {
      const alts: fc.Arbitrary<string>[] = [
        fc.string({ maxLength: 40 }),
        fc.string({ unit: "grapheme", maxLength: 20 }),
        fc.constantFrom(...nasty),
      ];
      if (s.example !== undefined) alts.push(fc.constant(String(s.example)));
      const m = s.pattern ? matching(s.pattern) : undefined;
      if (m) alts.push(m, m);
      if (s.format === "uuid") alts.push(fc.uuid(), fc.uuid());
      if (s.format === "uri") alts.push(fc.webUrl());
      if (s.format === "date-time")
        alts.push(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()));
      if (s.maxLength !== undefined) alts.push(fc.string({ minLength: s.maxLength + 1, maxLength: s.maxLength + 20 }));
      return fc.oneof(...alts);
    }
    case "integer":
      return fc.oneof(
        fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31) }),
        fc.constantFrom(lo - 1, hi + 1, 0, -1, 2 ** 53, 1.5),
        fc.integer(),
      );
    case "number":
      return fc.oneof(
        fc.double({ min: lo, max: hi, noNaN: true }),
        fc.constantFrom(lo - 1, hi + 1, 0, -0.5, 1e308),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const max = Math.min(s.maxItems ?? 6, 6);
      const items = fc.array(valueArb(doc, s.items, depth + 1), { maxLength: max });
      if (s.maxItems === undefined) return items;
      return fc.oneof(
        { weight: 4, arbitrary: items },
        { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: s.maxItems + 1, maxLength: s.maxItems + 3 }) },
      );
    }
    case "object":
    case undefined: {
      const props = s.properties ?? {};
      const shaped = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueArb(doc, v, depth + 1)]));
      const record = fc.oneof(
        { weight: 3, arbitrary: fc.record(shaped, { requiredKeys: Object.keys(props) }) },
        { weight: 1, arbitrary: fc.record(shaped, { requiredKeys: [] }) },
      );
      const extra = fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), { freq: 4 });
      return fc.tuple(record, extra).map(([r, e]) => ({ ...r, ...(e ?? {}) }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
};

/** A valid value of the schema (patterns, ranges, enums, required keys, no extras), as far as it can tell. */
export const validArb = (doc: OpenApiDoc, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
  const s = resolve(doc, schema);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => validArb(doc, a, depth + 1)));
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== "null") ?? "null") : s.type;
  switch (type) {
    case "string": {
      const m = s.pattern ? matching(s.pattern) : undefined;
      if (m) return s.example !== undefined ? fc.oneof(m, fc.constant(String(s.example))) : m;
      if (s.format === "uuid") return fc.uuid();
      if (s.format === "uri") return fc.webUrl();
      if (s.format === "date-time")
        return fc.date({ noInvalidDate: true, min: new Date(Date.now() - 3_600_000), max: new Date() }).map((d) => d.toISOString());
      const str = fc.string({
        unit: "grapheme",
        minLength: s.minLength ?? 0,
        maxLength: Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 40, 40)),
      });
      return s.example !== undefined ? fc.oneof(str, fc.constant(String(s.example))) : str;
    }
    case "integer":
      return fc.integer({ min: Math.max(s.minimum ?? -1000, -(2 ** 31)), max: Math.min(s.maximum ?? 1000, 2 ** 31) });
    case "number":
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return depth > 4
        ? fc.constant([])
        : fc.array(validArb(doc, s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    default: {
      const props = s.properties ?? {};
      if (depth > 4) return fc.constant({});
      const shaped = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArb(doc, v, depth + 1)]));
      return fc.record(shaped, { requiredKeys: s.required ?? [] });
    }
  }
};
