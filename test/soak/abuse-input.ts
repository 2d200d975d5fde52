// Abuse scenarios on request bodies: tampered quantities and prices (cart and inventory stay as
// they were), and oversized, malformed, mistyped, deeply nested and garbage bodies on POST routes.
import type { Buyer } from "../bench/checkout-setup";
import { cartShape, is4xx, type Probe, sleep } from "./abuse-util";

const BAD_QTY: unknown[] = [
  -1,
  0,
  1e9,
  2.5,
  "3",
  null,
  true,
  [],
  {},
  "9".repeat(400),
  "x".repeat(10_000),
  1e308,
  -1e308,
  2 ** 53 + 2,
  0.0000001,
];

/** (b) Quantities and prices a client should not be able to set: all 4xx, the cart and the stock unchanged. */
export const tampering = async (p: Probe, buyer: Buyer, products: string[], admin: string) => {
  const token = buyer.token;
  const inCart = products[0]!;
  const other = products[1]!;
  const cart = async () => cartShape((await p.send("GET", "/api/v1/cart", { token })).data);
  const before = await cart();
  const refused = (what: string, method: string, path: string, json: unknown, t = token) =>
    p.expect(
      what,
      is4xx,
      method,
      path,
      typeof json === "string" ? { token: t, body: json, headers: { "Content-Type": "application/json" } } : { token: t, json },
    );

  for (const qty of BAD_QTY) {
    await refused(`add qty ${JSON.stringify(qty).slice(0, 20)}`, "POST", "/api/v1/cart/items", { product_id: other, qty });
    await refused(`set qty ${JSON.stringify(qty).slice(0, 20)}`, "PATCH", `/api/v1/cart/items/${inCart}`, { qty });
  }
  const extras: [string, unknown][] = [
    ["price", { product_id: other, qty: 1, price: 1 }],
    ["price_minor", { product_id: other, qty: 1, price_minor: 1 }],
    ["unit_price", { product_id: other, qty: 1, unit_price: 0, currency: "XXX" }],
    ["__proto__", `{"product_id":"${other}","qty":1,"__proto__":{"price":1}}`],
    ["constructor", { product_id: other, qty: 1, constructor: { prototype: { price: 1 } } }],
    ["no qty", { product_id: other }],
    ["bad product id", { product_id: "../../admin", qty: 1 }],
    ["long product id", { product_id: "A".repeat(5000), qty: 1 }],
    ["product id object", { product_id: { $ne: null }, qty: 1 }],
    ["unknown product", { product_id: "NO-SUCH-PRODUCT-0", qty: 1 }],
  ];
  for (const [what, json] of extras) await refused(`add with ${what}`, "POST", "/api/v1/cart/items", json);
  await refused("set with price", "PATCH", `/api/v1/cart/items/${inCart}`, { qty: 2, price: 1 });
  await refused("set with unit_price", "PATCH", `/api/v1/cart/items/${inCart}`, { qty: 2, unit_price: 0 });
  await refused("set line not in cart", "PATCH", `/api/v1/cart/items/${other}`, { qty: 1 });
  const after = await cart();
  if (after !== before) p.note(`cart changed by refused writes: ${before} → ${after}`);

  // Inventory (admin may set any product's stock): bad counts and deliveries are refused, stock unchanged.
  const stockPath = `/api/v1/products/${other}/inventory`;
  const stock = async () => {
    const s = (await p.send("GET", stockPath, { token: admin })).data;
    return JSON.stringify([s?.on_hand, s?.reserved, s?.available, s?.sold, s?.version]);
  };
  const stockBefore = await stock();
  for (const on_hand of [-1, -1000, 2.5, "5", null, 1e7, 1e308, [], {}])
    await refused(`set stock ${JSON.stringify(on_hand)}`, "PUT", stockPath, { on_hand }, admin);
  await refused("set stock with sold", "PUT", stockPath, { on_hand: 5, sold: 0 }, admin);
  await refused("set stock with reserved", "PUT", stockPath, { on_hand: 5, reserved: -5 }, admin);
  for (const qty of [0, -5, 2.5, "3", 1e7]) await refused(`restock ${JSON.stringify(qty)}`, "POST", `${stockPath}/restock`, { qty }, admin);
  await p.expect("set stock as a customer", [403], "PUT", stockPath, { token, json: { on_hand: 1 } });
  await p.expect("set stock with a junk Idempotency-Key", [400], "PUT", stockPath, {
    token: admin,
    json: { on_hand: 1 },
    headers: { "Idempotency-Key": "../.." },
  });
  const stockAfter = await stock();
  if (stockAfter !== stockBefore) p.note(`stock changed by refused writes: ${stockBefore} → ${stockAfter}`);
};

const streamOf = (bytes: number) => {
  let sent = 0;
  const chunk = new TextEncoder().encode(`"${"y".repeat(16_382)}",`);
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent === 0) c.enqueue(new TextEncoder().encode("["));
      if (sent >= bytes) return c.close();
      sent += chunk.length;
      c.enqueue(chunk);
    },
  });
};

/** `mayReset`: the server answers before reading the body and may close the connection (RFC 9110 §15.5.14). */
interface Case {
  what: string;
  status: number;
  body: () => BodyInit;
  type?: string;
  mayReset?: boolean;
}

const nested = (n: number, open: string, close: string, leaf: string) => open.repeat(n) + leaf + close.repeat(n);
const JSON_TYPE = "application/json";
const CASES: Case[] = [
  { what: "oversized (Content-Length)", status: 413, body: () => `{"a":"${"x".repeat(70_000)}"}`, mayReset: true },
  { what: "invalid JSON", status: 400, body: () => "{" },
  { what: "invalid JSON value", status: 400, body: () => `{"qty": }` },
  { what: "empty body", status: 400, body: () => "" },
  { what: "JSON null", status: 400, body: () => "null" },
  { what: "JSON array", status: 400, body: () => "[]" },
  { what: "JSON huge number", status: 400, body: () => "1e999999" },
  { what: "text/plain", status: 415, body: () => `{"qty":1}`, type: "text/plain" },
  { what: "form-encoded", status: 415, body: () => "qty=1&price=1", type: "application/x-www-form-urlencoded" },
  { what: "xml", status: 415, body: () => "<qty>1</qty>", type: "application/xml" },
  { what: "deep arrays", status: 400, body: () => nested(20_000, "[", "]", "1") },
  { what: "deep objects", status: 400, body: () => nested(8_000, '{"a":', "}", "1") },
  { what: "invalid UTF-8", status: 400, body: () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]) },
  { what: "BOM and lone surrogates", status: 400, body: () => `\ufeff{"\ud800":"\udfff\u0000"}` },
  { what: "unicode keys", status: 400, body: () => JSON.stringify({ "\u202eqty": 1, ｑｔｙ: 1, "🙂": "\u0000\u2028" }) },
];

/** (e) Bodies no route should take: 413 over the limit, 415 for another media type, else 400. */
export const malformedBodies = async (p: Probe, buyer: Buyer, productId: string, admin: string) => {
  const t = buyer.token;
  const routes: [string, string, string | undefined, Record<string, string>?][] = [
    ["POST", "/api/v1/cart/items", t],
    ["PATCH", `/api/v1/cart/items/${productId}`, t],
    ["POST", "/api/v1/addresses", t],
    ["POST", "/api/v1/payment-methods", t],
    ["POST", "/api/v1/orders", t, { "Idempotency-Key": crypto.randomUUID() }],
    ["POST", `/api/v1/products/${productId}/reviews`, t],
    ["PUT", `/api/v1/products/${productId}/inventory`, admin],
    ["POST", "/api/v1/auth/register", undefined],
    ["POST", "/api/v1/auth/login", undefined],
    ["POST", "/api/v1/events", undefined],
    ["POST", "/api/v1/cart/items", undefined],
  ];
  for (const [method, path, token, extra] of routes) {
    for (const c of CASES) {
      await p.expect(`${c.what}${token ? "" : " (anonymous)"}`, [c.status], method, path, {
        ...(token ? { token } : {}),
        body: c.body(),
        headers: { "Content-Type": c.type ?? JSON_TYPE, ...extra },
        allowReset: c.mayReset ?? false,
      });
    }
  }
  // Last, once: an oversized body streamed without Content-Length. The Worker answers 413 early; under
  // wrangler's local proxy the connection may then reset, and the NEXT request through the proxy has
  // been seen to get the proxy's own 500 "Error: Network connection lost." (not the shop's JSON error).
  await p.expect("oversized (chunked stream)", [413], "POST", "/api/v1/cart/items", {
    body: streamOf(80_000),
    headers: { "Content-Type": JSON_TYPE },
    allowReset: true,
  });
  await sleep(1_000);
};
