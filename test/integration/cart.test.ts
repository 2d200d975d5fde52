// The cart through the Worker: guest carts in a cookie, customer carts by token, the merge on
// sign-in, pricing flags (price change, out of stock, deleted), validation and isolation.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_LINE_QTY } from "../../workers/cart/cart";
import { hmacSha256Hex } from "../../workers/shared/hash";
import { createProduct } from "../helpers/catalog";
import { type Account, api, authed, raw, register, uniqueEmail } from "../helpers/client";

const errorOf = async (res: { json(): Promise<unknown> }) =>
  ((await res.json()) as { error: { type: string; code: string; message: string } }).error;
const TTL = Number(env.CART_TTL_SECONDS);

/** Availability as the inventory projection would hold it. */
const setStock = (productId: string, available: number) =>
  env.DB.prepare(
    `INSERT INTO inventory_levels (product_id, on_hand, reserved, available, sold, version, updated_at) VALUES (?1, ?2, 0, ?2, 0, 1, 0)
     ON CONFLICT (product_id) DO UPDATE SET on_hand = ?2, available = ?2, version = version + 1`,
  )
    .bind(productId, available)
    .run();

let seller: Account;
const stocked = async (available = 100, overrides: Record<string, unknown> = {}) => {
  const p = await createProduct(seller, overrides);
  await setStock(p.product_id, available);
  return p;
};

/** The guest cookie's value from a response's Set-Cookie, if it set one. */
const cookieOf = (res: { headers: Headers }) => /(?:^|,\s*)cart_id=([^;]*)/.exec(res.headers.get("Set-Cookie") ?? "")?.[1];
const guest = (cookie?: string) => api(cookie !== undefined ? { Cookie: `cart_id=${cookie}` } : {});
const qtyByProduct = (cart: { lines: { product_id: string; qty: number }[] }) =>
  Object.fromEntries(cart.lines.map((l) => [l.product_id, l.qty]));

let customer: Account;
let admin: Account;

beforeAll(async () => {
  [seller, customer] = await Promise.all([register("seller", "Cart Seller"), register()]);
  admin = await register();
  await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?").bind(admin.userId).run();
  const login = await api().api.v1.auth.login.$post({ json: { email: admin.email, password: admin.password } });
  admin = { ...admin, token: (await login.json()).token };
});

describe("guest carts", () => {
  it("has no cart and sets no cookie until the first write", async () => {
    const res = await guest().api.v1.cart.$get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cart_id: null, lines: [], totals: { subtotal: 0, item_count: 0, currency: null } });
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("keeps the cart in an HttpOnly cookie set on the first add", async () => {
    const p = await stocked();
    const res = await guest().api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 2 } });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("Set-Cookie")!;
    const id = cookieOf(res)!;
    expect(id).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{32}$/);
    for (const attr of ["HttpOnly", "Secure", "SameSite=Lax", "Path=/", `Max-Age=${TTL}`]) expect(setCookie).toContain(attr);
    const cart = await (await guest(id).api.v1.cart.$get()).json();
    expect(qtyByProduct(cart)).toEqual({ [p.product_id]: 2 });
    expect(cart.cart_id).toMatch(/^[0-9a-f]{64}$/);
    expect(cart.cart_id).not.toContain(id);
    expect((await (await guest().api.v1.cart.$get()).json()).lines).toEqual([]);
  });

  it("ignores a malformed cookie: a fresh cart, never a 500", async () => {
    const p = await stocked();
    for (const bad of ["../../etc/passwd", "%E0%A4%A", "z".repeat(500), "ABCDEF0123456789ABCDEF0123456789", '"quoted"']) {
      const get = await raw("GET", "/api/v1/cart", { headers: { Cookie: `cart_id=${bad}` } });
      expect(get.status, bad).toBe(200);
      expect(((await get.json()) as { lines: unknown[] }).lines).toEqual([]);
      const add = await raw("POST", "/api/v1/cart/items", {
        body: JSON.stringify({ product_id: p.product_id, qty: 1 }),
        headers: { Cookie: `cart_id=${bad}` },
      });
      expect(add.status, bad).toBe(200);
      expect(cookieOf(add)).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{32}$/);
    }
  });

  it("reaches a guest cart only through the cookie this Worker signed: an id without its tag, or another tag, is no cart", async () => {
    const p = await stocked();
    const first = await guest().api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 3 } });
    const cookie = cookieOf(first)!;
    const [id, tag] = cookie.split(".") as [string, string];
    expect(qtyByProduct(await (await guest(cookie).api.v1.cart.$get()).json())).toEqual({ [p.product_id]: 3 });
    const forged = `${tag[0] === "0" ? "1" : "0"}${tag.slice(1)}`;
    for (const made of [id, `${id}.${forged}`, `${"f".repeat(32)}.${tag}`]) {
      const res = await guest(made).api.v1.cart.$get();
      expect((await res.json()).lines, made).toEqual([]);
    }
  });
});

describe("new guest carts per client address", () => {
  it("allows 60 new guest carts a minute from one address, then 429 with Retry-After; the carts it has and other addresses are unaffected", {
    timeout: 60_000,
  }, async () => {
    const p = await stocked();
    const ip = "2001:db8:cafe:15::1";
    const from = (addr: string, cookie?: string) =>
      api({ "CF-Connecting-IP": addr, ...(cookie ? { Cookie: `cart_id=${cookie}` } : {}) }).api.v1.cart.items.$post({
        json: { product_id: p.product_id, qty: 1 },
      });
    let kept: string | undefined;
    for (let i = 0; i < 60; i++) {
      const res = await from(ip);
      expect(res.status, `cart ${i + 1}`).toBe(200);
      kept ??= cookieOf(res);
    }
    const over = await from("2001:db8:cafe:15::2"); // the same /64: one network
    expect(over.status).toBe(429);
    // A made-up cookie is no cart, so it is a new one and counted too.
    expect((await from(ip, `${"a".repeat(32)}.${"b".repeat(32)}`)).status).toBe(429);
    expect((await from(ip, "c".repeat(32))).status).toBe(429);
    expect(over.headers.get("Retry-After")).toBe("60");
    expect(over.headers.get("Set-Cookie")).toBeNull();
    expect(await errorOf(over)).toMatchObject({ type: "rate_limited", code: "too_many_requests" });
    // A guest who already has a cart keeps using it; a signed-in customer never needs a new guest cart.
    expect((await from(ip, kept)).status).toBe(200);
    expect(
      (
        await authed(customer).api.v1.cart.items.$post(
          { json: { product_id: p.product_id, qty: 1 } },
          { headers: { "CF-Connecting-IP": ip } },
        )
      ).status,
    ).toBe(200);
    expect((await from("2001:db8:beef:15::1")).status).toBe(200);
  });
});

describe("merging the guest cart on sign-in", () => {
  it("adds quantities on login, capped by stock and the per-line max, then empties the guest cart", async () => {
    const [a, b, c, d] = await Promise.all([stocked(10), stocked(3), stocked(100), stocked(0)]);
    const shopper = await register();
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: a.product_id, qty: 1 } });
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: c.product_id, qty: 45 } });
    await setStock(d.product_id, 5);
    const first = await guest().api.v1.cart.items.$post({ json: { product_id: a.product_id, qty: 3 } });
    const id = cookieOf(first)!;
    for (const [p, qty] of [
      [b, 3],
      [c, 10],
      [d, 2],
    ] as const) {
      expect((await guest(id).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty } })).status).toBe(200);
    }
    await setStock(b.product_id, 2); // stock fell while the guest browsed
    await setStock(d.product_id, 0);

    const login = await guest(id).api.v1.auth.login.$post({ json: { email: shopper.email, password: shopper.password } });
    expect(login.status).toBe(200);
    expect(login.headers.get("Set-Cookie")).toMatch(/cart_id=;.*Max-Age=0/);

    const cart = await (await authed({ token: (await login.json()).token }).api.v1.cart.$get()).json();
    expect(qtyByProduct(cart)).toEqual({ [a.product_id]: 4, [b.product_id]: 2, [c.product_id]: MAX_LINE_QTY });
    expect((await (await guest(id).api.v1.cart.$get()).json()).lines).toEqual([]);
  });

  it("carries the guest cart into a new account on register", async () => {
    const p = await stocked();
    const id = cookieOf(await guest().api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 2 } }))!;
    const res = await guest(id).api.v1.auth.register.$post({
      json: { email: uniqueEmail(), password: "correct horse battery", name: "New", role: "customer" },
    });
    expect(res.status).toBe(201);
    const cart = await (await authed({ token: (await res.json()).token }).api.v1.cart.$get()).json();
    expect(qtyByProduct(cart)).toEqual({ [p.product_id]: 2 });
  });

  it("signs in normally with an unknown or malformed guest cookie", async () => {
    const shopper = await register();
    const creds = { email: shopper.email, password: shopper.password };
    // Signed as the Worker signs guest ids, for an id that never had a cart.
    const id = "0123456789abcdef0123456789abcdef";
    const signed = `${id}.${(await hmacSha256Hex(env.JWT_SECRET, `guest-cart|${id}`)).slice(0, 32)}`;
    const unknown = await guest(signed).api.v1.auth.login.$post({ json: creds });
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get("Set-Cookie")).toMatch(/cart_id=;.*Max-Age=0/);
    const unsigned = await guest(id).api.v1.auth.login.$post({ json: creds });
    expect(unsigned.status).toBe(200);
    const malformed = await guest("%E0%A4%A").api.v1.auth.login.$post({ json: creds });
    expect(malformed.status).toBe(200);
    expect((await (await authed(shopper).api.v1.cart.$get()).json()).lines).toEqual([]);
  });

  it("leaves a guest cart alone when a seller signs in", async () => {
    const p = await stocked();
    const id = cookieOf(await guest().api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 1 } }))!;
    const login = await guest(id).api.v1.auth.login.$post({ json: { email: seller.email, password: seller.password } });
    expect(login.status).toBe(200);
    expect(login.headers.get("Set-Cookie")).toBeNull();
    expect((await (await guest(id).api.v1.cart.$get()).json()).lines).toHaveLength(1);
  });
});

describe("pricing the cart", () => {
  it("totals in integer minor units", async () => {
    const shopper = await register();
    const [a, b] = await Promise.all([stocked(10, { price: 295 }), stocked(10, { price: 1050 })]);
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: a.product_id, qty: 3 } });
    const res = await authed(shopper).api.v1.cart.items.$post({ json: { product_id: b.product_id, qty: 2 } });
    const cart = await res.json();
    expect(cart.totals).toEqual({ subtotal: 3 * 295 + 2 * 1050, item_count: 5, currency: "GBP" });
    expect(cart.lines.map((l) => [l.title, l.unit_price, l.line_total])).toEqual([
      [a.title, 295, 885],
      [b.title, 1050, 2100],
    ]);
  });

  it("flags a price the seller changed since the add and charges the new one", async () => {
    const shopper = await register();
    const p = await stocked(10, { price: 339 });
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 2 } });
    const patch = await authed(seller).api.v1.products[":id"].$patch({ param: { id: p.product_id }, json: { price: 299, version: 1 } });
    expect(patch.status).toBe(200);
    const line = (await (await authed(shopper).api.v1.cart.$get()).json()).lines[0]!;
    expect(line).toMatchObject({ unit_price: 299, price_at_add: 339, price_changed: true, line_total: 598 });
  });

  it("flags lines with fewer available than wanted, and refuses adds beyond stock saying how many are left", async () => {
    const shopper = await register();
    const p = await stocked(5);
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 3 } });
    const over = await authed(shopper).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 3 } });
    expect(over.status).toBe(422);
    const e = await errorOf(over);
    expect(e.code).toBe("insufficient_stock");
    expect(e.message).toContain("5");
    await setStock(p.product_id, 1);
    expect((await (await authed(shopper).api.v1.cart.$get()).json()).lines[0]).toMatchObject({ available: 1, out_of_stock: true });
    await setStock(p.product_id, 0);
    expect((await (await authed(shopper).api.v1.cart.$get()).json()).lines[0]).toMatchObject({
      available: 0,
      out_of_stock: true,
      unavailable: false,
    });
    const never = await createProduct(seller); // no inventory row at all: nothing available
    const none = await authed(shopper).api.v1.cart.items.$post({ json: { product_id: never.product_id, qty: 1 } });
    expect(none.status).toBe(422);
    expect((await errorOf(none)).code).toBe("insufficient_stock");
  });

  it("flags a deleted product unavailable, leaves it out of the totals, and lets it be removed", async () => {
    const shopper = await register();
    const [keep, gone] = await Promise.all([stocked(10, { price: 500 }), stocked(10, { price: 700 })]);
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: keep.product_id, qty: 1 } });
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: gone.product_id, qty: 2 } });
    expect((await authed(seller).api.v1.products[":id"].$delete({ param: { id: gone.product_id } })).status).toBe(204);
    const cart = await (await authed(shopper).api.v1.cart.$get()).json();
    expect(cart.lines.find((l) => l.product_id === gone.product_id)).toMatchObject({ unavailable: true, line_total: 0, qty: 2 });
    expect(cart.totals).toEqual({ subtotal: 500, item_count: 1, currency: "GBP" });
    const again = await authed(shopper).api.v1.cart.items.$post({ json: { product_id: gone.product_id, qty: 1 } });
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe("product_not_found");
    const removed = await authed(shopper).api.v1.cart.items[":product_id"].$delete({ param: { product_id: gone.product_id } });
    expect(removed.status).toBe(200);
    expect(qtyByProduct(await removed.json())).toEqual({ [keep.product_id]: 1 });
  });

  it("keeps one currency per cart", async () => {
    const shopper = await register();
    const [gbp, usd] = await Promise.all([stocked(10), stocked(10, { currency: "USD" })]);
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: gbp.product_id, qty: 1 } });
    const res = await authed(shopper).api.v1.cart.items.$post({ json: { product_id: usd.product_id, qty: 1 } });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("currency_mismatch");
  });
});

describe("changing lines", () => {
  it("sets a quantity, removes a line and clears the cart", async () => {
    const shopper = await register();
    const [a, b] = await Promise.all([stocked(), stocked()]);
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: a.product_id, qty: 1 } });
    await authed(shopper).api.v1.cart.items.$post({ json: { product_id: b.product_id, qty: 1 } });
    const set = await authed(shopper).api.v1.cart.items[":product_id"].$patch({ param: { product_id: a.product_id }, json: { qty: 7 } });
    expect(qtyByProduct(await set.json())).toEqual({ [a.product_id]: 7, [b.product_id]: 1 });
    const del = await authed(shopper).api.v1.cart.items[":product_id"].$delete({ param: { product_id: b.product_id } });
    expect(qtyByProduct(await del.json())).toEqual({ [a.product_id]: 7 });
    const cleared = await authed(shopper).api.v1.cart.$delete();
    expect(cleared.status).toBe(200);
    expect((await cleared.json()).lines).toEqual([]);
    expect((await (await authed(shopper).api.v1.cart.$get()).json()).lines).toEqual([]);
  });

  it("answers 404 cart_line_not_found for a product that is not in the cart", async () => {
    const p = await stocked();
    const patch = await authed(customer).api.v1.cart.items[":product_id"].$patch({ param: { product_id: p.product_id }, json: { qty: 1 } });
    expect(patch.status).toBe(404);
    expect((await errorOf(patch)).code).toBe("cart_line_not_found");
    const del = await guest().api.v1.cart.items[":product_id"].$delete({ param: { product_id: p.product_id } });
    expect((await errorOf(del)).code).toBe("cart_line_not_found");
  });

  it("refuses bad quantities, unknown products and unknown fields with the error body", async () => {
    const p = await stocked();
    const post = (body: unknown) =>
      raw("POST", "/api/v1/cart/items", { body: JSON.stringify(body), headers: { Authorization: `Bearer ${customer.token}` } });
    for (const qty of [0, -1, 1.5, 1e20, "3", null]) {
      const res = await post({ product_id: p.product_id, qty });
      expect(res.status, String(qty)).toBe(400);
      expect((await errorOf(res)).code).toBe("validation_failed");
    }
    const extra = await post({ product_id: p.product_id, qty: 1, price: 1 });
    expect(extra.status).toBe(400);
    const unknown = await post({ product_id: "ZZNOSUCH01", qty: 1 });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("product_not_found");
    const badId = await post({ product_id: "../x", qty: 1 });
    expect(badId.status).toBe(400);
    const tooMany = await post({ product_id: p.product_id, qty: MAX_LINE_QTY + 1 });
    expect(tooMany.status).toBe(422);
    expect((await errorOf(tooMany)).code).toBe("line_limit");
    const huge = await raw("PATCH", `/api/v1/cart/items/${p.product_id}`, {
      body: JSON.stringify({ qty: 10 ** 9 }),
      headers: { Authorization: `Bearer ${customer.token}` },
    });
    expect(huge.status).toBe(404); // not in this cart: the line is checked before the quantity
  });

  it("caps a line at the per-line maximum across adds", async () => {
    const shopper = await register();
    const p = await stocked(1000);
    expect((await authed(shopper).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: MAX_LINE_QTY } })).status).toBe(200);
    const more = await authed(shopper).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 1 } });
    expect(more.status).toBe(422);
    expect((await errorOf(more)).code).toBe("line_limit");
    const set = await authed(shopper).api.v1.cart.items[":product_id"].$patch({
      param: { product_id: p.product_id },
      json: { qty: MAX_LINE_QTY + 1 },
    });
    expect((await errorOf(set)).code).toBe("line_limit");
  });

  it("loses nothing when two tabs add at the same time", async () => {
    const shopper = await register();
    const p = await stocked(1000);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => authed(shopper).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 2 } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(qtyByProduct(await (await authed(shopper).api.v1.cart.$get()).json())).toEqual({ [p.product_id]: 24 });

    const id = cookieOf(await guest().api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 1 } }))!;
    await Promise.all(Array.from({ length: 9 }, () => guest(id).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 1 } })));
    expect(qtyByProduct(await (await guest(id).api.v1.cart.$get()).json())).toEqual({ [p.product_id]: 10 });
  });
});

describe("who may use a cart", () => {
  it("refuses sellers and admins with 403", async () => {
    const p = await stocked();
    for (const who of [seller, admin]) {
      const calls = [
        authed(who).api.v1.cart.$get(),
        authed(who).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 1 } }),
        authed(who).api.v1.cart.items[":product_id"].$patch({ param: { product_id: p.product_id }, json: { qty: 1 } }),
        authed(who).api.v1.cart.items[":product_id"].$delete({ param: { product_id: p.product_id } }),
        authed(who).api.v1.cart.$delete(),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(403);
        expect((await errorOf(res)).code).toBe("insufficient_role");
      }
    }
  });

  it("never shows one customer another's cart", async () => {
    const [one, two] = await Promise.all([register(), register()]);
    const p = await stocked();
    const mine = await (await authed(one).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 4 } })).json();
    const theirs = await (await authed(two).api.v1.cart.$get()).json();
    expect(theirs.lines).toEqual([]);
    expect(theirs.cart_id).not.toBe(mine.cart_id);
    // A guest cookie sent alongside a token is ignored: the token decides whose cart it is.
    const withCookie = await api({
      Authorization: `Bearer ${two.token}`,
      Cookie: "cart_id=0123456789abcdef0123456789abcdef",
    }).api.v1.cart.$get();
    expect((await withCookie.json()).cart_id).toBe(theirs.cart_id);
    const steal = await authed(two).api.v1.cart.items[":product_id"].$delete({ param: { product_id: p.product_id } });
    expect(steal.status).toBe(404);
    expect(qtyByProduct(await (await authed(one).api.v1.cart.$get()).json())).toEqual({ [p.product_id]: 4 });
  });

  it("marks every cart response private, no-store, errors included", async () => {
    const p = await stocked();
    const responses = [
      await guest().api.v1.cart.$get(),
      await authed(customer).api.v1.cart.items.$post({ json: { product_id: p.product_id, qty: 1 } }),
      await authed(customer).api.v1.cart.items.$post({ json: { product_id: "ZZNOSUCH02", qty: 1 } }),
      await authed(seller).api.v1.cart.$get(),
      await raw("POST", "/api/v1/cart/items", { body: JSON.stringify({ qty: 0 }) }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 403, 400]);
    for (const r of responses) expect(r.headers.get("Cache-Control")).toBe("private, no-store");
  });
});
