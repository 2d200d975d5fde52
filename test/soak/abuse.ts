// The soak's ABUSE phase: idempotency bursts, tampered quantities, other customers' ids, forged
// tokens and malformed bodies against the bench server, each scenario an AbuseResult.
import { createBuyers, seedProducts } from "../bench/checkout-setup";
import type { BenchServer } from "../bench/server";
import { forgedTokens } from "./abuse-auth";
import { malformedBodies, tampering } from "./abuse-input";
import { crossCustomer, idempotencyBurst } from "./abuse-orders";
import { scenario, tokenFor } from "./abuse-util";
import type { AbuseResult } from "./types";

/** Buyers by role: each scenario gets its own accounts so none sees another's orders. */
const ROLES = ["burst", "tamper", "victim", "cartVictim", "attacker", "tokens", "bodies"] as const;

export const runAbuse = async (server: BenchServer): Promise<AbuseResult[]> => {
  const tag = `abuse-${Date.now().toString(36)}`;
  // Fresh products with plenty of stock, so no scenario depends on (or disturbs) the catalog's stock.
  const products = Array.from({ length: 3 }, (_, i) => `soak-${tag}-${i}`.slice(0, 32));
  await seedProducts((await server.env()).DB, products, 10_000);
  const list = await createBuyers(server, tag, ROLES.length, (i) => products[i % 2]!);
  const buyer = Object.fromEntries(ROLES.map((r, i) => [r, list[i]!])) as Record<(typeof ROLES)[number], (typeof list)[number]>;
  const admin = await tokenFor({ userId: "usr_soak_admin", role: "admin" });
  const base = server.url;
  // Product 0 is in the carts of buyers 0, 2, 4, 6; the tamper buyer (1) holds product 1.
  const [p0, p1, p2] = products as [string, string, string];

  const results: AbuseResult[] = [];
  results.push(await scenario("idempotency-burst", base, (p) => idempotencyBurst(p, buyer.burst)));
  results.push(await scenario("tampered-quantities", base, (p) => tampering(p, buyer.tamper, [p1, p2], admin)));
  let victimOrder = "112-0000000-0000000";
  results.push(
    await scenario("other-customers-ids", base, async (p) => {
      await crossCustomer(p, buyer.victim, buyer.cartVictim, buyer.attacker, p0);
      const list = await p.send("GET", "/api/v1/orders", { token: buyer.victim.token });
      victimOrder = list.data?.results?.[0]?.order_id ?? victimOrder;
    }),
  );
  results.push(await scenario("forged-tokens", base, (p) => forgedTokens(p, buyer.tokens, victimOrder)));
  results.push(await scenario("malformed-bodies", base, (p) => malformedBodies(p, buyer.bodies, p0, admin)));
  return results;
};
