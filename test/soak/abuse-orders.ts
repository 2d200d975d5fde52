// Abuse scenarios around orders: an Idempotency-Key burst (one order, one answer) and another
// customer's ids (orders, carts, addresses, cards, reviews) used by an attacker.
import type { Buyer } from "../bench/checkout-setup";
import { cartShape, freshIp, type Probe, tokenFor } from "./abuse-util";

const ORDERS = "/api/v1/orders";

/** (a) 20 concurrent + 10 sequential identical POSTs: one order_id (or 409 in flight), one order. */
export const idempotencyBurst = async (p: Probe, buyer: Buyer) => {
  const key = crypto.randomUUID();
  const ip = freshIp();
  const post = (json: unknown) => p.send("POST", ORDERS, { token: buyer.token, json, headers: { "Idempotency-Key": key }, ip });
  const answers = await Promise.all(Array.from({ length: 20 }, () => post(buyer.body)));
  for (let i = 0; i < 10; i++) answers.push(await post(buyer.body));
  // Same body, fields in another order: the canonical body is the same, so a replay.
  const { payment_method_id, shipping_address_id, cart_id } = buyer.body;
  answers.push(await post({ payment_method_id, shipping_address_id, cart_id }));
  const ids = new Set<string>();
  let placed = 0;
  let inFlight = 0;
  for (const a of answers) {
    if (a.status === 201 || a.status === 200) {
      placed++;
      ids.add(String(a.data?.order_id));
    } else if (a.status === 409 && a.data?.error?.code === "idempotency_in_flight") inFlight++;
    else if (a.status < 500) p.note(`burst: unexpected ${a.status} ${a.text.slice(0, 120)}`);
  }
  if (placed === 0) p.note(`burst: no request placed the order (${inFlight} in flight)`);
  if (ids.size > 1) p.note(`burst: ${ids.size} different order ids answered: ${[...ids].join(", ")}`);
  const last10 = answers.slice(20);
  if (last10.some((a) => a.status === 409)) p.note("burst: a sequential retry after completion still answered 409 in flight");

  // The same key with another body: 422 idempotency_mismatch, nothing placed.
  const other = await post({ ...buyer.body, payment_method_id: "pm_0000000000000000" });
  if (other.status !== 422 || other.data?.error?.code !== "idempotency_mismatch") {
    if (other.status < 500)
      p.note(`same key, different body: expected 422 idempotency_mismatch, got ${other.status} ${other.text.slice(0, 120)}`);
  }
  const list = await p.send("GET", `${ORDERS}?limit=100`, { token: buyer.token });
  const orders: { order_id: string }[] = list.data?.results ?? [];
  if (list.status !== 200) p.note(`list orders: ${list.status}`);
  else if (orders.length !== 1)
    p.note(`expected exactly 1 order for the buyer, found ${orders.length}: ${orders.map((o) => o.order_id).join(", ")}`);
  else if (ids.size === 1 && !ids.has(orders[0]!.order_id))
    p.note(`the stored order ${orders[0]!.order_id} is not the one answered (${[...ids][0]})`);
};

/** (c) The attacker uses the victims' order, cart, address and card ids; nothing of theirs changes. */
export const crossCustomer = async (p: Probe, victim: Buyer, cartVictim: Buyer, attacker: Buyer, productId: string) => {
  const key = () => ({ "Idempotency-Key": crypto.randomUUID() });
  const placed = await p.expect("victim places an order", [201], "POST", ORDERS, {
    token: victim.token,
    json: victim.body,
    headers: key(),
  });
  const orderId = String(placed.data?.order_id ?? "112-0000000-0000000");
  const cartBefore = cartShape((await p.send("GET", "/api/v1/cart", { token: cartVictim.token })).data);
  const a = attacker.token;

  await p.expect("attacker reads victim's order", [404], "GET", `${ORDERS}/${orderId}`, { token: a });
  await p.expect("attacker cancels victim's order", [404], "POST", `${ORDERS}/${orderId}/cancel`, { token: a });
  await p.expect("attacker orders from victim's cart", [404], "POST", ORDERS, {
    token: a,
    headers: key(),
    json: { ...attacker.body, cart_id: cartVictim.body.cart_id },
  });
  await p.expect("attacker ships to victim's address", [404], "POST", ORDERS, {
    token: a,
    headers: key(),
    json: { ...attacker.body, shipping_address_id: victim.body.shipping_address_id },
  });
  await p.expect("attacker pays with victim's card", [404], "POST", ORDERS, {
    token: a,
    headers: key(),
    json: { ...attacker.body, payment_method_id: cartVictim.body.payment_method_id },
  });
  await p.expect("attacker reads victim's address", [404], "GET", `/api/v1/addresses/${victim.body.shipping_address_id}`, { token: a });
  await p.expect("attacker deletes victim's address", [404], "DELETE", `/api/v1/addresses/${cartVictim.body.shipping_address_id}`, {
    token: a,
  });
  await p.expect("attacker deletes victim's card", [404], "DELETE", `/api/v1/payment-methods/${cartVictim.body.payment_method_id}`, {
    token: a,
  });
  // A guest naming the victim's cart id in the cookie gets no cart (cookies hold a guest id, not a cart id).
  const guest = await p.expect("guest with victim's cart id as cookie", [200], "GET", "/api/v1/cart", {
    headers: { Cookie: `cart_id=${cartVictim.body.cart_id}` },
  });
  if (guest.data?.cart_id === cartVictim.body.cart_id || (guest.data?.lines ?? []).length > 0)
    p.note("a guest cookie reached the victim's cart");

  const mine = await p.send("GET", `${ORDERS}?limit=100`, { token: a });
  if ((mine.data?.results ?? []).length !== 0) p.note(`attacker has ${(mine.data?.results ?? []).length} orders after refused attempts`);
  const order = await p.expect("victim reads own order", [200], "GET", `${ORDERS}/${orderId}`, { token: victim.token });
  if (order.data?.status === "CANCELLED" && order.data?.status_reason !== "insufficient_stock")
    p.note(`victim's order was cancelled: ${order.data?.status_reason}`);
  if (order.data?.shipping_address?.line1 !== "1 High St") p.note("victim's order shipping address changed");
  const cartAfter = cartShape((await p.send("GET", "/api/v1/cart", { token: cartVictim.token })).data);
  if (cartAfter !== cartBefore) p.note(`victim's cart changed: ${cartBefore} → ${cartAfter}`);
  await p.expect("victim's address still there", [200], "GET", `/api/v1/addresses/${cartVictim.body.shipping_address_id}`, {
    token: cartVictim.token,
  });
  const cards = await p.send("GET", "/api/v1/payment-methods", { token: cartVictim.token });
  const ids = JSON.stringify(cards.data ?? "");
  if (!ids.includes(cartVictim.body.payment_method_id)) p.note("victim's card is gone");

  await reviews(p, victim, attacker, productId);
};

/** Optional part of (c): another customer's review cannot be replied to, hidden or self-voted. */
const reviews = async (p: Probe, victim: Buyer, attacker: Buyer, productId: string) => {
  const text = "Solid and bright; exactly as pictured.";
  const written = await p.expect("victim reviews a product", [201, 200], "POST", `/api/v1/products/${productId}/reviews`, {
    token: victim.token,
    json: { stars: 4, title: "Good lantern", text },
  });
  const reviewId = String(written.data?.review_id ?? "rev_0000000000000000");
  const seller = await tokenFor({ userId: attacker.userId, role: "seller", sellerId: "sel_soak_attacker" });
  await p.expect("customer replies as seller", [403], "POST", `/api/v1/reviews/${reviewId}/reply`, {
    token: attacker.token,
    json: { text: "spam" },
  });
  await p.expect("other seller replies", [403], "POST", `/api/v1/reviews/${reviewId}/reply`, { token: seller, json: { text: "spam" } });
  await p.expect("customer hides a review", [403], "POST", `/api/v1/admin/reviews/${reviewId}/hide`, {
    token: attacker.token,
    json: { reason: "x" },
  });
  await p.expect("victim votes own review", [422], "POST", `/api/v1/reviews/${reviewId}/helpful`, { token: victim.token });
  await p.expect("attacker takes back a vote never given", [200], "DELETE", `/api/v1/reviews/${reviewId}/helpful`, {
    token: attacker.token,
  });
  const own = await p.expect("attacker writes own review", [201, 200], "POST", `/api/v1/products/${productId}/reviews`, {
    token: attacker.token,
    json: { stars: 1, title: "Overwritten", text: "attacker text" },
  });
  if (own.data?.review_id === reviewId) p.note("attacker's review write reached the victim's review");
  const list = await p.send("GET", `/api/v1/products/${productId}/reviews?limit=50`);
  const mine = (list.data?.results ?? []).find((r: { review_id: unknown }) => r.review_id === reviewId);
  if (!mine) p.note(`victim's review ${reviewId} missing from the product's reviews`);
  else if (mine.text !== text || mine.stars !== 4 || mine.seller_reply !== null || mine.helpful_count !== 0) {
    p.note(`victim's review changed: ${JSON.stringify(mine).slice(0, 200)}`);
  }
};
