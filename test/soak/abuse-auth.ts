// Abuse scenario (d): forged, expired, unsigned and garbage bearer tokens (401 everywhere, public
// routes included), and real customer/seller tokens on admin and seller routes (403).
import { sign } from "hono/jwt";
import type { Buyer } from "../bench/checkout-setup";
import { BENCH_SECRETS } from "../bench/server";
import { TOKEN_ISSUER } from "../../workers/identity/identity";
import { type Probe, tokenFor } from "./abuse-util";

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** Authorization header values that must all be 401. */
const badAuthorizations = async (buyer: Buyer): Promise<[string, string][]> => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: buyer.userId, role: "customer", prime: false, iss: TOKEN_ISSUER, iat: now, exp: now + 3600 };
  const secret = BENCH_SECRETS.JWT_SECRET;
  const valid = await tokenFor({ userId: buyer.userId, role: "customer" });
  const [h, , s] = valid.split(".");
  const bearer = (t: string) => `Bearer ${t}`;
  return [
    [
      "wrong secret",
      bearer(await tokenFor({ userId: buyer.userId, role: "customer" }, { secret: "not-the-bench-secret-0123456789abcdefghijklmnop" })),
    ],
    ["wrong secret, admin role", bearer(await tokenFor({ userId: buyer.userId, role: "admin" }, { secret: "x".repeat(48) }))],
    ["expired", bearer(await tokenFor({ userId: buyer.userId, role: "customer" }, { nowMs: Date.now() - 7_200_000, ttl: 3600 }))],
    ["expired a second ago", bearer(await sign({ ...claims, exp: now - 1 }, secret, "HS256"))],
    ["not valid yet (nbf)", bearer(await sign({ ...claims, nbf: now + 3600 }, secret, "HS256"))],
    ["alg none, no signature", bearer(`${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.`)],
    ["alg none, junk signature", bearer(`${b64url({ alg: "none", typ: "JWT" })}.${b64url({ ...claims, role: "admin" })}.AAAA`)],
    ["HS512 with the right secret", bearer(await sign(claims, secret, "HS512"))],
    ["payload swapped to admin", bearer(`${h}.${b64url({ ...claims, role: "admin" })}.${s}`)],
    ["wrong issuer", bearer(await sign({ ...claims, iss: "evil" }, secret, "HS256"))],
    ["unknown role", bearer(await sign({ ...claims, role: "superuser" }, secret, "HS256"))],
    ["seller without seller id", bearer(await sign({ ...claims, role: "seller" }, secret, "HS256"))],
    ["sub empty", bearer(await sign({ ...claims, sub: "" }, secret, "HS256"))],
    ["prime as string", bearer(await sign({ ...claims, prime: "true" }, secret, "HS256"))],
    ["garbage", bearer("garbage")],
    ["three dots", bearer("a.b.c")],
    ["empty segments", bearer("..")],
    ["bearer only", "Bearer"],
    ["basic auth", "Basic dXNlcjpwYXNz"],
    ["lower-case scheme, two tokens", `bearer ${valid} ${valid}`],
    ["base64 junk segments", bearer(`${"A".repeat(300)}.${"B".repeat(300)}.${"C".repeat(300)}`)],
    ["long garbage", bearer("x".repeat(4000))],
    ["latin-1 junk", "Bearer \u00ff\u00fe\u00e9.\u00e9.\u00e9"],
  ];
};

/** (d) Tokens the API must not believe, on private and public routes; customer/seller on admin routes. */
export const forgedTokens = async (p: Probe, buyer: Buyer, orderId: string) => {
  const routes: [string, string, unknown?][] = [
    ["GET", "/api/v1/auth/me"],
    ["GET", "/api/v1/orders"],
    ["GET", "/api/v1/cart"],
    ["POST", "/api/v1/orders", buyer.body],
    ["GET", "/api/v1/admin/dead-letters"],
    ["GET", "/api/v1/products/85123A"],
  ];
  for (const [what, auth] of await badAuthorizations(buyer)) {
    for (const [method, path, json] of routes) {
      await p.expect(`token ${what}`, [401], method, path, {
        json,
        headers: { Authorization: auth, ...(json ? { "Idempotency-Key": crypto.randomUUID() } : {}) },
      });
    }
  }

  const customer = buyer.token;
  const seller = await tokenFor({ userId: buyer.userId, role: "seller", sellerId: "sel_soak_nobody" });
  const adminOnly: [string, string, unknown?][] = [
    ["GET", "/api/v1/admin/dead-letters"],
    ["GET", "/api/v1/admin/dead-letters/0c2e4b6d8f0a1c3e5"],
    ["POST", "/api/v1/admin/dead-letters/0c2e4b6d8f0a1c3e5/replay"],
    ["POST", `/api/v1/admin/orders/${orderId}/ship`, { carrier: "royal-mail", tracking_number: "RM123456785GB" }],
    ["POST", `/api/v1/admin/orders/${orderId}/out-for-delivery`],
    ["POST", `/api/v1/admin/orders/${orderId}/deliver`],
    ["POST", "/api/v1/admin/jobs/recommendations"],
    ["POST", "/api/v1/admin/reviews/rev_0000000000000000/hide", { reason: "spam" }],
    ["POST", "/api/v1/admin/reviews/rev_0000000000000000/unhide"],
  ];
  for (const [who, token] of [
    ["customer", customer],
    ["seller", seller],
  ] as const) {
    for (const [method, path, json] of adminOnly) await p.expect(`${who} on admin route`, [403], method, path, { token, json });
  }
  // Customers on seller routes, sellers on customer routes.
  await p.expect("customer lists a product", [403], "POST", "/api/v1/products", {
    token: customer,
    json: { title: "Fake", category: "kitchen-dining", price: 1, currency: "GBP" },
  });
  await p.expect("customer sets stock", [403], "PUT", "/api/v1/products/85123A/inventory", { token: customer, json: { on_hand: 0 } });
  await p.expect("seller reads orders", [403], "GET", "/api/v1/orders", { token: seller });
  await p.expect("seller cancels an order", [403], "POST", `/api/v1/orders/${orderId}/cancel`, { token: seller });
  await p.expect("seller edits another seller's stock", [403], "PUT", "/api/v1/products/85123A/inventory", {
    token: seller,
    json: { on_hand: 0 },
  });
};
