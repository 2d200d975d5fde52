// Request and response schemas of the addresses API (zod, rendered into the OpenAPI document).
// Field rules come from addresses.ts so the API and any other caller agree on them.
import { z } from "@hono/zod-openapi";
import { hasControlChars, isCountryCode, postalCodeProblem } from "./addresses";

export const ADDRESS_ID_PATTERN = /^adr_[0-9a-z]{16}$/;

export const AddressIdParam = z.object({
  id: z
    .string()
    .regex(ADDRESS_ID_PATTERN, "Address ids look like adr_ followed by 16 letters or digits.")
    .openapi({ param: { name: "id", in: "path" }, example: "adr_0000000000000000" }),
});

/** Trimmed text of 1..max characters with no control characters. */
const text = (max: number, example: string) =>
  z
    .string()
    .trim()
    .min(1, "Required (not blank).")
    .max(max, `At most ${max} characters.`)
    .refine((s) => !hasControlChars(s), "Control characters are not allowed.")
    .openapi({ example });

export const CreateAddressBody = z
  .strictObject({
    name: text(100, "Ann Example"),
    line1: text(200, "1 High Street"),
    // Forms send an empty second line: blank means none (stored as null), unlike the required fields.
    line2: z
      .string()
      .trim()
      .max(200, "At most 200 characters.")
      .refine((s) => !hasControlChars(s), "Control characters are not allowed.")
      .optional()
      .openapi({ example: "Flat 2" }),
    city: text(100, "London"),
    postal_code: text(12, "SW1A 1AA").openapi({
      description: "Checked per country where the format is simple (GB, US, CA, DE, FR, NL, AU).",
    }),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .length(2, "A country is an ISO 3166-1 alpha-2 code such as GB.")
      .refine(isCountryCode, "Not an ISO 3166-1 alpha-2 country code.")
      .openapi({ example: "GB" }),
  })
  .superRefine((a, ctx) => {
    const problem = postalCodeProblem(a.country, a.postal_code);
    if (problem) ctx.addIssue({ code: "custom", path: ["postal_code"], message: problem });
  })
  .openapi("CreateAddressRequest");

export const AddressSchema = z
  .object({
    id: z.string().openapi({ example: "adr_3k9x2m4p7q1w8e5r" }),
    name: z.string(),
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    postal_code: z.string(),
    country: z.string().openapi({ description: "ISO 3166-1 alpha-2" }),
    created_at: z.string().openapi({ description: "ISO 8601" }),
  })
  .openapi("Address");

export const AddressListSchema = z.object({ results: z.array(AddressSchema) }).openapi("AddressList");
