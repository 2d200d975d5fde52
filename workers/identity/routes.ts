// Identity API: register, login, and who am I. Transport only: parse, call, shape.
import { createRoute } from "@hono/zod-openapi";
import { mergeGuestCart } from "../cart/merge";
import type { AppEnv } from "../shared/app-env";
import { primaryDb } from "../shared/db/client";
import { DomainError } from "../shared/errors";
import { newSellerId, newUserId } from "../shared/ids";
import { bearerAuth, errorResponses, isoTime, jsonBody, jsonContent } from "../shared/openapi";
import { newRouter } from "../shared/app-env";
import { clientOf, rateLimit } from "../shared/rate-limit";
import { hmacSha256Hex } from "../shared/hash";
import { issueToken, jwtSecret, principalOf, requireRoles } from "./auth-middleware";
import { LOGIN_FAILURES, loginLockSeconds, normaliseEmail } from "./identity";
import { clearLoginFailures, countLoginAttempt } from "./login-failures.repo";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { LoginBody, RegisterBody, SessionSchema, UserSchema } from "./schemas";
import { findUserByEmail, findUserById, insertUser, principalOfUser, type UserRecord } from "./users.repo";

const authLimiter = rateLimit((env) => env.AUTH_RATE_LIMITER, "auth", 60);

/** The account's key in login_failures: keyed, so the table cannot be matched against a list of emails. */
const accountKey = (env: AppEnv["Bindings"], email: string) => hmacSha256Hex(jwtSecret(env), `login:${email}`);

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
  description:
    "At most 10 attempts a minute per client address; 10 failed attempts per account in 15 minutes from one network, and 50 " +
    "from all networks together (then 429 with Retry-After until the window ends, even with the right password; a success clears the counts).",
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
    const { email: given, password } = c.req.valid("json");
    const email = normaliseEmail(given);
    const db = primaryDb(c.env);
    // Counted whether or not the account exists, so a lock says nothing about who has one. This
    // network's count first: once over its own limit it adds nothing to the account's.
    const now = Date.now();
    const [pairKey, key] = await Promise.all([accountKey(c.env, `${email}|${clientOf(c)}`), accountKey(c.env, email)]);
    const fromHere = loginLockSeconds(await countLoginAttempt(db, pairKey, now, LOGIN_FAILURES.windowMs), now, LOGIN_FAILURES.perClient);
    const lockedFor =
      fromHere || loginLockSeconds(await countLoginAttempt(db, key, now, LOGIN_FAILURES.windowMs), now, LOGIN_FAILURES.perAccount);
    if (lockedFor > 0) {
      throw new DomainError("rate_limited", "too_many_requests", "Too many failed sign-ins for this account: wait a while and try again.", {
        retryAfter: lockedFor,
      });
    }
    const user = await findUserByEmail(db, email);
    const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : false;
    if (!user?.passwordHash) await burnPasswordCheck(password);
    if (!user || !ok) {
      throw new DomainError("unauthorized", "invalid_credentials", "Email or password is wrong.");
    }
    await Promise.all([clearLoginFailures(db, key), clearLoginFailures(db, pairKey)]);
    if (user.role === "customer") await mergeGuestCart(c, user.id);
    return c.json(await session(c.env, user, Date.now()), 200);
  })
  .openapi(me, async (c) => {
    // The primary, not a replica: a just-registered user must see their own account.
    const user = await findUserById(primaryDb(c.env), principalOf(c).userId);
    if (!user) throw new DomainError("not_found", "user_not_found", "This account no longer exists.");
    return c.json(userJson(user), 200);
  });
