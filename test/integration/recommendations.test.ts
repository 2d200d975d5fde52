// Recommendations end to end on a small hand-checkable history: the build job's cosine and
// bought-together numbers, the item and personal endpoints with their cold-start fallbacks,
// recently viewed items, and the job's idempotence (re-runs, overlapping runners, a crashed
// runner taken over). Storage is per file: the history below is this file's whole order book.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { runRecommendationsNow, tickRecommendations, type BuildDeps } from "../../workers/recommendations/build-job";
import { RECS, cosine, togetherScore } from "../../workers/recommendations/recommendations";
import { createAdmin } from "../helpers/admin";
import { api, authed, register, type Account } from "../helpers/client";
import { fillCart } from "../helpers/checkout";
import { insertOrder } from "../helpers/orders";
import { seedProduct } from "../helpers/stock";

const [A, B, C, D, E, F, NEW] = ["REC-A", "REC-B", "REC-C", "REC-D", "REC-E", "REC-F", "REC-NEW"];
const line = (productId: string) => ({ productId, qty: 1, unitPrice: 1000 });
let buyers: Account[] = [];

const deps = (owner = crypto.randomUUID(), now: () => number = Date.now): BuildDeps => ({ db: env.DB, now, owner });

const neighbours = async (table: "rec_similar" | "rec_bought_together", productId: string) => {
  const other = table === "rec_similar" ? "neighbour_id" : "other_id";
  const { results } = await env.DB.prepare(
    `SELECT ${other} AS id, score, support FROM ${table}
     WHERE generation = (SELECT MAX(generation) FROM rec_jobs WHERE state = 'done') AND product_id = ? ORDER BY rank`,
  )
    .bind(productId)
    .all<{ id: string; score: number; support: number }>();
  return results;
};

const allRows = async () =>
  (
    await env.DB.prepare(
      `SELECT 's' AS t, product_id, rank, neighbour_id AS o, score, support FROM rec_similar
     UNION ALL SELECT 'b', product_id, rank, other_id, score, support FROM rec_bought_together
     UNION ALL SELECT 'p' || category, product_id, rank, '', score, 0 FROM rec_popular ORDER BY 1, 2, 3`,
    ).all()
  ).results;

type Client = ReturnType<typeof api>;
const itemRecs = async (id: string, query: { type?: "similar" | "bought_together"; limit?: string }) => {
  const res = await api().api.v1.products[":id"].recommendations.$get({ param: { id }, query });
  if (res.status !== 200) throw new Error(`item recommendations: ${res.status} ${await res.text()}`);
  return res.json();
};
const personal = async (who: Client = api(), limit?: number) => {
  const res = await who.api.v1.recommendations.$get({ query: limit === undefined ? {} : { limit: String(limit) } });
  if (res.status !== 200) throw new Error(`personal recommendations: ${res.status} ${await res.text()}`);
  return { body: await res.json(), cacheControl: res.headers.get("Cache-Control") };
};

beforeAll(async () => {
  for (const id of [A, B, C, D, E, F, NEW]) await seedProduct(id, 100);
  buyers = await Promise.all([1, 2, 3, 4].map(() => register("customer")));
  const [c1, c2, c3, c4] = buyers.map((b) => b.userId) as [string, string, string, string];
  // Customers' baskets: A {1,2,3}, B {1,2,4}, C {1,3}, D {3,4}.
  await insertOrder({ customerId: c1, status: "DELIVERED", lines: [A, B, C].map(line) });
  await insertOrder({ customerId: c2, status: "DELIVERED", lines: [A, B].map(line) });
  await insertOrder({ customerId: c3, status: "PAID", lines: [A, C, D].map(line) });
  await insertOrder({ customerId: c4, status: "SHIPPED", lines: [B, D].map(line) });
  // Three guest orders of E with F: the only pair seen in at least minTogetherOrders (3) orders.
  for (let i = 0; i < 3; i++) await insertOrder({ customerId: null as unknown as string, lines: [E, F].map(line) });
  // Not purchases: a cancelled and a failed order do not count.
  await insertOrder({ customerId: c4, status: "CANCELLED", lines: [A, D].map(line) });
  await insertOrder({ customerId: c4, status: "FAILED", lines: [A, D].map(line) });
});

describe("the build job on a hand-checkable history", () => {
  it("keeps cosine neighbours with at least two common buyers: A~C = 2/sqrt(3*2), A~B = 2/sqrt(3*3)", async () => {
    const admin = await createAdmin();
    const res = await authed(admin).api.v1.admin.jobs.recommendations.$post();
    expect(res.status).toBe(200);
    const built = await res.json();
    expect(built).toMatchObject({ orders: 7, customers: 4, items: 6, similar: { pairs: 4, items: 3 } });

    expect(await neighbours("rec_similar", A)).toEqual([
      { id: C, score: expect.closeTo(2 / Math.sqrt(6), 9), support: 2 },
      { id: B, score: expect.closeTo(2 / 3, 9), support: 2 },
    ]);
    expect((await neighbours("rec_similar", A))[0]!.score).toBeCloseTo(cosine(2, 3, 2), 9);
    expect(await neighbours("rec_similar", B)).toEqual([{ id: A, score: expect.closeTo(2 / 3, 9), support: 2 }]);
    expect(await neighbours("rec_similar", C)).toEqual([{ id: A, score: expect.closeTo(2 / Math.sqrt(6), 9), support: 2 }]);
    // D shares one buyer with A, B and C each: below the minimum support, so no neighbours.
    expect(await neighbours("rec_similar", D)).toEqual([]);
  });

  it("ranks bought-together by support times log lift and needs three orders: only E with F", async () => {
    const e = await neighbours("rec_bought_together", E);
    expect(e).toEqual([{ id: F, score: expect.closeTo(togetherScore(3, 3, 3, 7), 9), support: 3 }]);
    // 7 orders, E and F each in 3, together in 3: lift = 3 * 7 / (3 * 3) = 7/3, score = 3 ln(7/3).
    expect(e[0]!.score).toBeCloseTo(3 * Math.log(7 / 3), 9);
    expect(await neighbours("rec_bought_together", A)).toEqual([]);
  });

  it("is idempotent: a second build publishes the same rows and drops the old generation", async () => {
    const before = (await allRows()).map((r) => ({ ...r }));
    const again = await runRecommendationsNow(deps());
    expect(again.status).toBe("done");
    expect(await allRows()).toEqual(before);
    const gens = await env.DB.prepare(`SELECT DISTINCT generation AS g FROM rec_similar`).all<{ g: number }>();
    expect(gens.results.map((r) => r.g)).toEqual([again.status === "done" ? again.generation : -1]);
  });

  it("lets one runner at a time build: overlapping starts answer busy, and a fresh build is not due", async () => {
    const outcomes = await Promise.all([runRecommendationsNow(deps()), runRecommendationsNow(deps()), runRecommendationsNow(deps())]);
    expect(outcomes.filter((o) => o.status === "done")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "busy")).toHaveLength(2);
    expect((await tickRecommendations(deps())).status).toBe("not_due");
  });

  it("resumes a crashed run from its last step and publishes what a clean run would", async () => {
    const before = await allRows();
    let t = Date.now() + RECS.rebuildEveryMs + 1;
    const clock = () => (t += 10);
    // The first runner gets a 25 ms budget (a couple of steps), then "crashes" holding the lease.
    const first = await tickRecommendations(deps("first", clock), 25);
    expect(first.status).toBe("yielded");
    expect((await tickRecommendations(deps("second", clock))).status).toBe("busy");
    t += RECS.leaseMs;
    const resumed = await tickRecommendations(deps("second", clock));
    expect(resumed).toMatchObject({ status: "done" });
    expect(await allRows()).toEqual(before);
  });
});

describe("GET /api/v1/products/{id}/recommendations", () => {
  it("answers an item's neighbours with their product fields, best first", async () => {
    const body = await itemRecs(A, { type: "similar", limit: "2" });
    expect(body.results.map((r) => [r.product_id, r.reason])).toEqual([
      [C, "similar"],
      [B, "similar"],
    ]);
    expect(body.results[0]).toMatchObject({ title: `Stock test ${C}`, price: 1000, currency: "GBP", category: "books" });
  });

  it("falls back to the category's best sellers for a new product, and has no bought-together evidence for it", async () => {
    const similar = await itemRecs(NEW, { type: "similar" });
    expect(similar.results.length).toBeGreaterThan(0);
    expect(similar.results.every((r) => r.reason === "popular_in_category" || r.reason === "popular")).toBe(true);
    expect(similar.results.map((r) => r.product_id)).not.toContain(NEW);
    // Most distinct recent buyers first: A and B (3 each) before C, D, E, F.
    expect(
      similar.results
        .slice(0, 2)
        .map((r) => r.product_id)
        .sort(),
    ).toEqual([A, B]);
    const together = await itemRecs(NEW, { type: "bought_together" });
    expect(together.results).toEqual([]);
  });

  it("is 404 for an unknown product and 400 for a bad type", async () => {
    expect((await api().api.v1.products[":id"].recommendations.$get({ param: { id: "NOPE-1" }, query: {} })).status).toBe(404);
    expect((await api().api.v1.products[":id"].recommendations.$get({ param: { id: A }, query: { type: "nope" as never } })).status).toBe(
      400,
    );
  });
});

describe("GET /api/v1/recommendations", () => {
  it("gives anonymous callers and new customers the best sellers (cold start)", async () => {
    const { body: anon } = await personal();
    expect(anon.strategy).toBe("popular");
    expect(
      anon.results
        .slice(0, 2)
        .map((r) => r.product_id)
        .sort(),
    ).toEqual([A, B]);
    const fresh = await register("customer");
    const mine = await personal(authed(fresh));
    expect(mine.cacheControl).toBe("private, no-cache");
    expect(mine.body.strategy).toBe("popular");
  });

  it("recommends neighbours of what a customer bought, leaving out what they bought", async () => {
    const c2 = buyers[1]!; // bought A and B; C is A's neighbour
    const { body } = await personal(authed(c2), 3);
    expect(body.strategy).toBe("personalised");
    expect(body.results[0]).toMatchObject({ product_id: C, reason: "personalised" });
    expect(body.results.map((r) => r.product_id)).not.toContain(A);
    expect(body.results.map((r) => r.product_id)).not.toContain(B);
  });

  it("reacts to product pages viewed and the cart while the customer browses", async () => {
    const shopper = await register("customer");
    expect((await authed(shopper).api.v1.products[":id"].$get({ param: { id: C } })).status).toBe(200);
    await expect.poll(async () => (await personal(authed(shopper))).body.strategy).toBe("personalised");
    const { body: viewed } = await personal(authed(shopper));
    expect(viewed.results[0]).toMatchObject({ product_id: A, reason: "personalised" });
    expect(viewed.results.map((r) => r.product_id)).not.toContain(C);

    await fillCart(shopper, [{ productId: A, qty: 1 }]);
    const { body: carted } = await personal(authed(shopper));
    expect(carted.results.map((r) => r.product_id)).not.toContain(A);
    expect(carted.results[0]).toMatchObject({ product_id: B, reason: "personalised" }); // A's other neighbour
  });

  it("keeps the job admin-only", async () => {
    expect((await api().api.v1.admin.jobs.recommendations.$post()).status).toBe(401);
    expect((await authed(buyers[0]!).api.v1.admin.jobs.recommendations.$post()).status).toBe(403);
  });
});
