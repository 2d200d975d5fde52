// Identity API: register, login, and who am I. Transport only: parse, call, shape.
import { createRoute } from "@hono/zod-openapi";
import { mergeGuestCart } from "../cart/merge";
import type { AppEnv } from "../shared/app-env";
import { primaryDb } from "../shared/db/client";
import { DomainError } from "../shared/errors";
import { newSellerId, newUserId } from "../shared/ids";
import { bearerAuth, errorResponses, isoTime, jsonBody, jsonContent } from "../shared/openapi";
import { newRouter } from "../shared/app-env";
import { rateLimit } from "../shared/rate-limit";
import { issueToken, principalOf, requireRoles } from "./auth-middleware";
import { normaliseEmail } from "./identity";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { LoginBody, RegisterBody, SessionSchema, UserSchema } from "./schemas";
import { findUserByEmail, findUserById, insertUser, principalOfUser, type UserRecord } from "./users.repo";

const authLimiter = rateLimit((env) => env.AUTH_RATE_LIMITER, "auth", 60);

const userJson = (u: UserRecord) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  is_prime: u.isPrime,
  seller_id: u.sellerId,
  created_at: isoTime(u.createdAt),
});

const session = async (env: AppEnv["Bindings"], u: UserRecord, now: number) => {
  const { token, expiresAt } = await issueToken(env, principalOfUser(u), now);
  return { token, token_type: "Bearer" as const, expires_at: isoTime(expiresAt), user: userJson(u) };
};

const register = createRoute({
  method: "post",
  path: "/register",
  tags: ["Identity"],
  summary: "Create a customer or seller account",
  middleware: [authLimiter],
  request: { body: jsonBody(RegisterBody) },
  responses: {
    201: jsonContent(SessionSchema, "Account created; signed in"),
    ...errorResponses(400, 409, 413, 415, 429),
  },
});

const login = createRoute({
  method: "post",
  path: "/login",
  tags: ["Identity"],
  summary: "Sign in and receive a Bearer token",
  middleware: [authLimiter],
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonContent(SessionSchema, "Signed in"),
    ...errorResponses(400, 401, 413, 415, 429),
  },
});

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["Identity"],
  summary: "The signed-in account",
  security: bearerAuth,
  middleware: [requireRoles("customer", "seller", "admin")],
  responses: { 200: jsonContent(UserSchema, "The caller's account"), ...errorResponses(401, 404) },
});

export const identityRoutes = newRouter()
  .openapi(register, async (c) => {
    const body = c.req.valid("json");
    const now = Date.now();
    const id = newUserId();
    const email = normaliseEmail(body.email);
    await insertUser(primaryDb(c.env), {
      id,
      email,
      name: body.name,
      role: body.role,
      passwordHash: await hashPassword(body.password),
      createdAt: now,
      ...(body.role === "seller" ? { seller: { id: newSellerId(), displayName: body.name } } : {}),
    });
    const user = await findUserById(primaryDb(c.env), id);
    if (!user) throw new Error(`user ${id} vanished after insert`);
    if (user.role === "customer") await mergeGuestCart(c, user.id);
    return c.json(await session(c.env, user, now), 201);
  })
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    const user = await findUserByEmail(primaryDb(c.env), normaliseEmail(email));
    const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : false;
    if (!user?.passwordHash) await burnPasswordCheck(password);
    if (!user || !ok) {
      throw new DomainError("unauthorized", "invalid_credentials", "Email or password is wrong.");
    }
    if (user.role === "customer") await mergeGuestCart(c, user.id);
    return c.json(await session(c.env, user, Date.now()), 200);
  })
  .openapi(me, async (c) => {
    // The primary, not a replica: a just-registered user must see their own account.
    const user = await findUserById(primaryDb(c.env), principalOf(c).userId);
    if (!user) throw new DomainError("not_found", "user_not_found", "This account no longer exists.");
    return c.json(userJson(user), 200);
  });
