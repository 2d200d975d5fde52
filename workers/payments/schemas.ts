// Request and response schemas of the payment-methods API (zod, rendered into the OpenAPI document).
import { z } from "@hono/zod-openapi";
import { BRANDS, MAX_DIGITS, MIN_DIGITS, TEST_CARDS } from "./cards";

// Only the shape here (digits, optionally grouped by single spaces or dashes); the checksum and
// the expiry are the gateway's rules (400 invalid_card / card_expired).
const CARD_NUMBER = new RegExp(`^\\d(?:[ -]?\\d){${MIN_DIGITS - 1},${MAX_DIGITS - 1}}$`);

const TEST_CARDS_DOC = `Sandbox test cards (any other valid number succeeds): ${TEST_CARDS.map((c) => `${c.number}: ${c.description}`).join(" ")}`;

export const CreatePaymentMethodBody = z
  .strictObject({
    number: z
      .string()
      .regex(CARD_NUMBER, `A card number is ${MIN_DIGITS}-${MAX_DIGITS} digits (spaces or dashes between groups are fine).`)
      .openapi({ example: "4242 4242 4242 4242", description: `Never stored. ${TEST_CARDS_DOC}` }),
    exp_month: z.int().min(1).max(12).openapi({ example: 12 }),
    exp_year: z.int().min(2000).max(2100).openapi({ example: 2030, description: "Four digits." }),
    cvc: z
      .string()
      .regex(/^\d{3,4}$/, "The security code is 3 or 4 digits.")
      .openapi({ example: "123", description: "4 digits for amex, 3 otherwise. Never stored." }),
  })
  .openapi("CreatePaymentMethodRequest");

export const PaymentMethodIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "Payment method ids are letters, digits, '_' or '-'.")
    .openapi({ param: { name: "id", in: "path" }, example: "pm_0123456789abcdef" }),
});

export const PaymentMethodSchema = z
  .object({
    id: z.string(),
    brand: z.enum(BRANDS),
    last4: z.string().openapi({ example: "4242" }),
    exp_month: z.int(),
    exp_year: z.int(),
    created_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("PaymentMethod");

export const PaymentMethodListSchema = z.object({ items: z.array(PaymentMethodSchema) }).openapi("PaymentMethodList");
