// Whose cart a request reaches: a customer's own (named from the token's user id, never from
// input) or a guest's (a random id in an HttpOnly cookie, signed so that only ids this Worker
// minted, each counted by the guest-cart limit, reach a cart). Sellers and admins have no cart.
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../shared/app-env";
import { DomainError } from "../shared/errors";
import { constantTimeEqual, hmacSha256Hex } from "../shared/hash";
import { clientOf, enforceLimit } from "../shared/rate-limit";
import { cartTtlSeconds } from "./cart";

export const CART_COOKIE = "cart_id";
/** `<id>.<tag>`: 128 random bits as hex and their HMAC; anything else in the cookie is ignored (a fresh cart). */
const GUEST_COOKIE = /^([0-9a-f]{32})\.([0-9a-f]{32})$/;
const MAX_COOKIE_AGE = 400 * 24 * 3600; // browsers cap Max-Age at 400 days

export const customerCart = (env: Cloudflare.Env, userId: string) => env.CART.getByName(`customer:${userId}`);
export const guestCart = (env: Cloudflare.Env, guestId: string) => env.CART.getByName(`guest:${guestId}`);
export type CartStub = ReturnType<typeof customerCart>;

const guestTag = async (env: Cloudflare.Env, guestId: string): Promise<string> =>
  (await hmacSha256Hex(env.JWT_SECRET, `guest-cart|${guestId}`)).slice(0, 32);

/** The guest id of a cookie this Worker signed; a made-up or altered one is no cart at all. */
export const guestIdOf = async (c: Context<AppEnv>): Promise<string | undefined> => {
  const m = GUEST_COOKIE.exec(getCookie(c, CART_COOKIE) ?? "");
  if (!m) return undefined;
  return constantTimeEqual(await guestTag(c.env, m[1]!), m[2]!) ? m[1] : undefined;
};

const cookieOptions = (maxAge: number) => ({ httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge }) as const;

/** (Re)sets the guest cookie; every write refreshes it, as every write extends the cart's life. */
export const rememberGuest = async (c: Context<AppEnv>, guestId: string): Promise<void> =>
  setCookie(
    c,
    CART_COOKIE,
    `${guestId}.${await guestTag(c.env, guestId)}`,
    cookieOptions(Math.min(cartTtlSeconds(c.env.CART_TTL_SECONDS), MAX_COOKIE_AGE)),
  );

export const forgetGuest = (c: Context<AppEnv>): void => setCookie(c, CART_COOKIE, "", cookieOptions(0));

const newGuestId = (): string => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");

export interface CartHandle {
  stub: CartStub;
  /** Shown to the client: the Durable Object id, which does not reveal the cookie value. */
  cartId: string;
  /** Set for guests: the id to keep in the cookie after a successful write. */
  guestId?: string;
}

const handle = (stub: CartStub, guestId?: string): CartHandle => ({ stub, cartId: stub.id.toString(), ...(guestId ? { guestId } : {}) });

/** Refuses sellers and admins: carts are for shoppers (customers and guests). */
const shopperId = (c: Context<AppEnv>): string | undefined => {
  const p = c.get("principal");
  if (p && p.role !== "customer") {
    throw new DomainError("forbidden", "insufficient_role", "Carts are for shoppers: sign in as a customer or shop as a guest.");
  }
  return p?.userId;
};

/** The caller's cart if it has one (a guest without a valid cookie has none). */
export const existingCart = async (c: Context<AppEnv>): Promise<CartHandle | undefined> => {
  const userId = shopperId(c);
  if (userId) return handle(customerCart(c.env, userId));
  const guestId = await guestIdOf(c);
  return guestId ? handle(guestCart(c.env, guestId), guestId) : undefined;
};

/**
 * The caller's cart for a write: a guest without one gets a new id (cookie set on success). New
 * guest carts are limited per client address: each is a Durable Object, and a script dropping
 * its cookie would otherwise mint them without end.
 */
export const cartForWrite = async (c: Context<AppEnv>): Promise<CartHandle> => {
  const existing = await existingCart(c);
  if (existing) return existing;
  await enforceLimit(
    c.env.GUEST_CART_RATE_LIMITER,
    "guest-cart",
    clientOf(c),
    60,
    "Too many new carts from your network: wait a minute and try again.",
  );
  const guestId = newGuestId();
  return handle(guestCart(c.env, guestId), guestId);
};
