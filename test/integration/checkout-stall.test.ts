// One Idempotency-Key, one order even when the first request stalls past its 30 s claim and a
// retry takes the key over: the two requests' phases are run in the order each case needs (the
// stall is a clock past LOCK_MS for the retry), and the saga then charges the one order once.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { canonicalJson, LOCK_MS } from "../../workers/orders/idempotency";
import { answerForLostClaim, claimKey, releaseKey, type HeldKey } from "../../workers/orders/idempotency.repo";
import { placeOrder, type PlaceOrderInput, type PlacedOrder } from "../../workers/orders/place-order";
import { sha256Hex } from "../../workers/shared/hash";
import { raw } from "../helpers/client";
import { chargesFor, fillCart, newShopper, sagaHarness, type Shopper } from "../helpers/checkout";
import { seedProduct } from "../helpers/stock";

let seq = 0;
const sku = () => `stall-${Date.now().toString(36)}-${seq++}`;

const setup = async () => {
  const id = sku();
  await seedProduct(id, 10);
  const shopper = await newShopper();
  const cartId = await fillCart(shopper, [{ productId: id, qty: 1 }]);
  const body = { cart_id: cartId, shipping_address_id: shopper.addressId, payment_method_id: shopper.paymentMethodId };
  const input: PlaceOrderInput = { cartId, shippingAddressId: shopper.addressId, paymentMethodId: shopper.paymentMethodId };
  return { shopper, body, input, hash: await sha256Hex(canonicalJson(body)), key: crypto.randomUUID() };
};

const principal = (s: Shopper) => ({ userId: s.userId, role: "customer" as const, isPrime: false });

const claimed = async (userId: string, key: string, hash: string, now: number): Promise<HeldKey> => {
  const claim = await claimKey(env, userId, key, hash, now);
  if (claim.kind !== "claimed") throw new Error(`expected a claim, got ${claim.kind}`);
  return claim.held;
};

const ordersOf = async (userId: string) =>
  (await env.DB.prepare(`SELECT id FROM orders WHERE customer_id = ?`).bind(userId).all<{ id: string }>()).results.map((r) => r.id);

/** Runs the saga over whatever was placed, then answers every charge the gateway made for the customer's orders. */
const chargesAfterSaga = async (h: ReturnType<typeof sagaHarness>, userId: string) => {
  await h.pump();
  const charges = [];
  for (const id of await ordersOf(userId)) charges.push(...(await chargesFor(id)));
  return charges;
};

describe("Idempotency-Key claim lost to a retry", () => {
  for (const first of ["retry", "stalled"] as const) {
    it(`creates one order and one charge when the ${first} request finishes first`, async () => {
      const { shopper, input, hash, key } = await setup();
      const h = sagaHarness();
      const t0 = h.now();
      const stalled = await claimed(shopper.userId, key, hash, t0);
      // The stalled request is still working when its claim lapses; the client's retry takes the key.
      const retry = await claimed(shopper.userId, key, hash, t0 + LOCK_MS + 1_000);
      expect(retry.token).not.toBe(stalled.token);

      const run = (held: HeldKey, at: number) => placeOrder(h.env, principal(shopper), input, held, at);
      let fromRetry: PlacedOrder | null;
      let fromStalled: PlacedOrder | null;
      if (first === "retry") {
        fromRetry = await run(retry, t0 + LOCK_MS + 1_000);
        fromStalled = await run(stalled, t0 + LOCK_MS + 2_000);
      } else {
        fromStalled = await run(stalled, t0 + LOCK_MS + 2_000);
        fromRetry = await run(retry, t0 + LOCK_MS + 3_000);
      }
      expect(fromStalled).toBeNull(); // it lost its claim: nothing written
      expect(fromRetry?.order_id).toBeTruthy();
      expect(await ordersOf(shopper.userId)).toEqual([fromRetry!.order_id]);
      // The loser answers what the winner stored, so the client sees one order whichever reply it reads.
      const answer = await answerForLostClaim(env, stalled, hash, t0 + LOCK_MS + 4_000);
      expect(JSON.parse(answer.body)).toEqual(fromRetry);

      const charges = await chargesAfterSaga(h, shopper.userId);
      expect(charges).toHaveLength(1);
      expect(charges[0]).toMatchObject({ status: "captured", captured_minor: fromRetry!.total });
    });
  }

  it("answers 409 in flight to the stalled request while the retry is still working, and its release keeps the retry's claim", async () => {
    const { shopper, input, hash, key } = await setup();
    const t0 = Date.now();
    const stalled = await claimed(shopper.userId, key, hash, t0);
    const retry = await claimed(shopper.userId, key, hash, t0 + LOCK_MS + 1_000);
    expect(await placeOrder(env, principal(shopper), input, stalled, t0 + LOCK_MS + 2_000)).toBeNull();
    await expect(answerForLostClaim(env, stalled, hash, t0 + LOCK_MS + 2_000)).rejects.toMatchObject({ code: "idempotency_in_flight" });
    // A failure on the stalled side gives back only its own claim: the retry's survives and completes.
    await releaseKey(env, stalled);
    const placed = await placeOrder(env, principal(shopper), input, retry, t0 + LOCK_MS + 3_000);
    expect(placed?.order_id).toBeTruthy();
    expect(await ordersOf(shopper.userId)).toEqual([placed!.order_id]);
  });

  it("lets a retry through the API take over a claim whose request stalled, and the stalled one then creates nothing", async () => {
    const { shopper, body, input, hash, key } = await setup();
    const stalled = await claimed(shopper.userId, key, hash, Date.now() - LOCK_MS - 1_000); // claimed 31 s ago, still working
    const res = await raw("POST", "/api/v1/orders", {
      body: JSON.stringify(body),
      headers: { Authorization: `Bearer ${shopper.token}`, "Idempotency-Key": key },
    });
    expect(res.status).toBe(201);
    const { order_id } = (await res.json()) as { order_id: string };
    expect(await placeOrder(env, principal(shopper), input, stalled, Date.now())).toBeNull();
    expect(await ordersOf(shopper.userId)).toEqual([order_id]);
  });
});
