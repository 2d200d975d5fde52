// Request and response schemas of the identity API.
import { z } from "@hono/zod-openapi";
import { ROLES, SELF_REGISTER_ROLES } from "./identity";

export const RegisterBody = z
  .strictObject({
    email: z.email().max(254).openapi({ example: "ann@example.com" }),
    password: z
      .string()
      .min(8, "Use at least 8 characters.")
      .max(128, "Use at most 128 characters.")
      .openapi({ example: "correct horse battery staple" }),
    name: z.string().trim().min(1).max(100).openapi({ example: "Ann Example" }),
    role: z.enum(SELF_REGISTER_ROLES).default("customer"),
  })
  .openapi("RegisterRequest");

export const LoginBody = z
  .strictObject({
    email: z.string().trim().min(1).max(254),
    password: z.string().min(1).max(128),
  })
  .openapi("LoginRequest");

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    is_prime: z.boolean(),
    seller_id: z.string().nullable(),
    created_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("User");

export const SessionSchema = z
  .object({
    token: z.string(),
    token_type: z.literal("Bearer"),
    expires_at: z.string().openapi({ format: "date-time" }),
    user: UserSchema,
  })
  .openapi("Session");
