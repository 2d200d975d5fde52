// The plain validation wording for request bodies: each zod issue kind becomes a sentence that
// names the field and says what to send, and the field-level details read on their own.
import { z } from "@hono/zod-openapi";
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainError } from "../../workers/shared/errors";
import { validationHook } from "../../workers/shared/http-errors";
import { usePlainValidationMessages } from "../../workers/shared/validation-messages";

const PARSER_WORDS = /invalid input|received|expected|NaN|undefined|Too (small|big)|Unrecognized/i;

const Body = z.strictObject({
  email: z.email(),
  name: z.string().min(1).max(20),
  qty: z.int().min(1).max(99),
  tags: z.array(z.string()).max(2),
  colour: z.enum(["red", "blue"]),
  when: z.iso.datetime().optional(),
});
const valid = { email: "ann@example.com", name: "Ann", qty: 1, tags: [], colour: "red" };

/** The 400 the hook raises for a body. */
const refusal = (body: unknown): DomainError => {
  try {
    validationHook({ success: false, error: Body.safeParse(body).error!, target: "json" }, {} as never);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error("the hook accepted a failed parse");
};

beforeAll(() => usePlainValidationMessages());

describe("validation messages for a body", () => {
  it.each([
    ["a missing field", { ...valid, email: undefined }, "email", /^Send the body field email: an email address such as/],
    ["text where a number goes", { ...valid, qty: "two" }, "qty", /qty must be a whole number from 1 to 99\.$/],
    ["a fraction", { ...valid, qty: 1.5 }, "qty", /qty must be a whole number from 1 to 99\./],
    ["a number too big", { ...valid, qty: 100 }, "qty", /qty must be a whole number from 1 to 99\./],
    ["a blank string", { ...valid, name: "" }, "name", /name must be 1 to 20 characters\./],
    ["a string too long", { ...valid, name: "x".repeat(21) }, "name", /name must be 1 to 20 characters\./],
    ["too many items", { ...valid, tags: ["a", "b", "c"] }, "tags", /tags must have at most 2 items\./],
    ["not a choice", { ...valid, colour: "green" }, "colour", /colour must be one of "red", "blue"\./],
    ["not an email", { ...valid, email: "nope" }, "email", /email must be an email address/],
    ["not a date-time", { ...valid, when: "yesterday" }, "when", /when must be an ISO 8601 date-time/],
    ["a number where text goes", { ...valid, name: 42 }, "name", /name must be text\./],
    ["an unknown field", { ...valid, extra: 1 }, "extra", /The request body has a field we do not accept: extra\./],
    ["not an object", [], "body", /The request body must be a JSON object\./],
  ])("%s", (_what, body, field, wording) => {
    const e = refusal(body);
    expect(e.code).toBe("validation_failed");
    expect(e.message).toMatch(wording);
    expect(e.message).toContain(field);
    expect(e.message).not.toMatch(PARSER_WORDS);
    for (const d of e.details ?? []) {
      expect(d.message).not.toMatch(PARSER_WORDS);
      expect(d.message).toMatch(/^[A-Z]/);
    }
  });

  it("keeps a schema's own message", () => {
    const Own = z.object({ id: z.string().regex(/^adr_/, "must be an address id from POST /api/v1/addresses") });
    let message = "";
    try {
      validationHook({ success: false, error: Own.safeParse({ id: "x" }).error!, target: "json" }, {} as never);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe("The body field id must be an address id from POST /api/v1/addresses.");
  });
});
