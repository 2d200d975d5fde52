// What happens to a review after it is written, through the Worker: helpful votes (once per
// customer, never your own), the seller's one reply, admin hide/unhide, and the rating summary
// equal to a recount after a random sequence of writes, hides and unhides.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createAdmin } from "../helpers/admin";
import { createProduct } from "../helpers/catalog";
import { type Account, raw, register } from "../helpers/client";
import { prng } from "../helpers/stock";
import { allReviews, expectSummaryMatchesRecount, productPage, recountOf, summaryOf, writeReview } from "../helpers/reviews";

type ErrorBody = { error: { code: string } };
const call = async (method: string, path: string, who: { token: string } | null, body?: unknown) => {
  const res = await raw(method, path, {
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: who ? { Authorization: `Bearer ${who.token}` } : {},
  });
  const json = (await res.json()) as Record<string, unknown> & Partial<ErrorBody>;
  return { status: res.status, body: json, code: json.error?.code };
};
const vote = (who: { token: string }, reviewId: string, method = "POST") => call(method, `/api/v1/reviews/${reviewId}/helpful`, who);
const reply = (who: { token: string }, reviewId: string, text = "Thanks for the review!") =>
  call("POST", `/api/v1/reviews/${reviewId}/reply`, who, { text });
const hide = (who: { token: string } | null, reviewId: string, reason = "Off topic") =>
  call("POST", `/api/v1/admin/reviews/${reviewId}/hide`, who, { reason });
const unhide = (who: { token: string } | null, reviewId: string) => call("POST", `/api/v1/admin/reviews/${reviewId}/unhide`, who);
const UNKNOWN_REVIEW = "rev_0000000000000000";

let seller: Account;
let rival: Account;
let admin: { token: string; userId: string };
beforeAll(async () => {
  [seller, rival, admin] = await Promise.all([register("seller", "Moderated Co"), register("seller", "Rival Co"), createAdmin()]);
});
const newReview = async (stars = 4) => {
  const productId = (await createProduct(seller)).product_id;
  const author = await register();
  return { productId, author, review: (await writeReview(author, productId, { stars })).review };
};

describe("helpful votes", () => {
  it("counts one vote per customer: voting again is a no-op, DELETE takes it back", async () => {
    const { review } = await newReview();
    const [a, b] = await Promise.all([register(), register()]);
    expect(await vote(a, review.review_id)).toMatchObject({
      status: 200,
      body: { review_id: review.review_id, helpful_count: 1, voted: true },
    });
    expect(await vote(a, review.review_id)).toMatchObject({ status: 200, body: { helpful_count: 1, voted: true } });
    expect(await vote(b, review.review_id)).toMatchObject({ status: 200, body: { helpful_count: 2, voted: true } });
    expect(await vote(a, review.review_id, "DELETE")).toMatchObject({ status: 200, body: { helpful_count: 1, voted: false } });
    expect(await vote(a, review.review_id, "DELETE")).toMatchObject({ status: 200, body: { helpful_count: 1, voted: false } });
    const row = await env.DB.prepare(
      `SELECT helpful_count AS n, (SELECT COUNT(*) FROM review_votes WHERE review_id = ?) AS votes FROM reviews WHERE id = ?`,
    )
      .bind(review.review_id, review.review_id)
      .first<{ n: number; votes: number }>();
    expect(row).toEqual({ n: 1, votes: 1 });
    expect((await allReviews(review.product_id))[0]!.helpful_count).toBe(1);
  });

  it("counts concurrent votes by one customer once", async () => {
    const { review } = await newReview();
    const me = await register();
    const results = await Promise.all([1, 2, 3, 4].map(() => vote(me, review.review_id)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.every((r) => r.body.helpful_count === 1)).toBe(true);
  });

  it("refuses your own review (422), hidden or unknown reviews (404), sellers (403) and anonymous callers (401)", async () => {
    const { review, author } = await newReview();
    expect(await vote(author, review.review_id)).toMatchObject({ status: 422, code: "own_review" });
    expect(await vote(seller, review.review_id)).toMatchObject({ status: 403, code: "insufficient_role" });
    expect((await raw("POST", `/api/v1/reviews/${review.review_id}/helpful`)).status).toBe(401);
    const other = await register();
    expect(await vote(other, UNKNOWN_REVIEW)).toMatchObject({ status: 404, code: "review_not_found" });
    expect((await hide(admin, review.review_id)).status).toBe(200);
    expect(await vote(other, review.review_id)).toMatchObject({ status: 404, code: "review_not_found" });
    expect(await vote(other, review.review_id, "DELETE")).toMatchObject({ status: 404, code: "review_not_found" });
    expect((await summaryOf(review.product_id)).count).toBe(0);
  });
});

describe("seller replies", () => {
  it("lets the product's seller reply once; a second reply is 409", async () => {
    const { review } = await newReview();
    const first = await reply(seller, review.review_id, "<b>Thanks</b> for the review!");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      review_id: review.review_id,
      seller_reply: { text: "<b>Thanks</b> for the review!", created_at: expect.any(String) },
    });
    expect(await reply(seller, review.review_id, "Changed my mind")).toMatchObject({ status: 409, code: "reply_exists" });
    const listed = (await allReviews(review.product_id))[0]!;
    expect(listed.seller_reply?.text).toBe("<b>Thanks</b> for the review!");
    expect((await productPage(review.product_id)).items[0]!.seller_reply?.text).toBe("<b>Thanks</b> for the review!");
  });

  it("lets exactly one of two concurrent replies win", async () => {
    const { review } = await newReview();
    const results = await Promise.all(["one", "two"].map((t) => reply(seller, review.review_id, t)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it("refuses other sellers (403 not_owner), customers and admins (403), hidden and unknown reviews (404)", async () => {
    const { review } = await newReview();
    expect(await reply(rival, review.review_id)).toMatchObject({ status: 403, code: "not_owner" });
    expect(await reply(await register(), review.review_id)).toMatchObject({ status: 403, code: "insufficient_role" });
    expect(await reply(admin, review.review_id)).toMatchObject({ status: 403, code: "insufficient_role" });
    expect(await reply(seller, UNKNOWN_REVIEW)).toMatchObject({ status: 404, code: "review_not_found" });
    await hide(admin, review.review_id);
    expect(await reply(seller, review.review_id)).toMatchObject({ status: 404, code: "review_not_found" });
    expect((await call("POST", `/api/v1/reviews/${review.review_id}/reply`, seller, { text: "" })).status).toBe(400);
  });
});

describe("hiding reviews", () => {
  it("takes a hidden review out of the list, the product page and the summary, and unhide brings it back", async () => {
    const { productId, review } = await newReview(1);
    const other = (await writeReview(await register(), productId, { stars: 5 })).review;
    expect((await productPage(productId)).rating).toMatchObject({ count: 2, average: 3 }); // now cached
    const hidden = await hide(admin, review.review_id, "Abusive language");
    expect(hidden).toMatchObject({ status: 200, body: { review_id: review.review_id, hidden: true, hidden_reason: "Abusive language" } });
    expect(hidden.body.text).toBe(review.text);
    const page = await productPage(productId);
    expect(page.ids).toEqual([other.review_id]);
    expect(page.rating).toEqual({ average: 5, count: 1, histogram: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 1 } });
    expect((await allReviews(productId)).map((r) => r.review_id)).toEqual([other.review_id]);
    expect((await hide(admin, review.review_id, "Second look")).body).toMatchObject({ hidden: true, hidden_reason: "Second look" });
    expect((await summaryOf(productId)).count).toBe(1);
    expect(await unhide(admin, review.review_id)).toMatchObject({ status: 200, body: { hidden: false, hidden_reason: null } });
    expect((await productPage(productId)).rating).toMatchObject({ count: 2, average: 3 });
    expect((await allReviews(productId)).length).toBe(2);
  });

  it("keeps a hidden review hidden when its author edits it", async () => {
    const { productId, review, author } = await newReview(2);
    await hide(admin, review.review_id);
    expect((await writeReview(author, productId, { stars: 5 })).status).toBe(200);
    expect(await allReviews(productId)).toEqual([]);
    expect(await summaryOf(productId)).toEqual({ count: 0, sum: 0, s1: 0, s2: 0, s3: 0, s4: 0, s5: 0 });
  });

  it("is for admins only; an unknown review is 404", async () => {
    const { review } = await newReview();
    for (const who of [seller, await register()]) {
      expect(await hide(who, review.review_id)).toMatchObject({ status: 403, code: "insufficient_role" });
      expect(await unhide(who, review.review_id)).toMatchObject({ status: 403, code: "insufficient_role" });
    }
    expect((await hide(null, review.review_id)).status).toBe(401);
    expect(await hide(admin, UNKNOWN_REVIEW)).toMatchObject({ status: 404, code: "review_not_found" });
    expect(await unhide(admin, UNKNOWN_REVIEW)).toMatchObject({ status: 404, code: "review_not_found" });
    expect((await call("POST", `/api/v1/admin/reviews/${review.review_id}/hide`, admin, { reason: "  " })).status).toBe(400);
  });
});

describe("the rating summary", () => {
  it.each([7, 42, 2024])("equals a recount after a random sequence of creates, updates, hides and unhides (seed %i)", async (seed) => {
    const rand = prng(seed);
    const productId = (await createProduct(seller)).product_id;
    const customers = await Promise.all(Array.from({ length: 6 }, () => register()));
    const written = new Map<string, string>(); // customer id → review id
    for (let step = 0; step < 40; step++) {
      const op = rand.pick(["write", "write", "hide", "unhide"] as const);
      if (op === "write" || written.size === 0) {
        const who = rand.pick(customers);
        const { review } = await writeReview(who, productId, { stars: rand.int(5) + 1 });
        written.set(who.userId, review.review_id);
      } else {
        const reviewId = rand.pick([...written.values()]);
        expect((op === "hide" ? await hide(admin, reviewId) : await unhide(admin, reviewId)).status).toBe(200);
      }
      await expectSummaryMatchesRecount(productId, `seed ${seed} step ${step} (${op})`);
    }
    const recount = await recountOf(productId);
    const page = await productPage(productId);
    expect(page.rating.count).toBe(recount.count);
    expect(page.rating.histogram).toEqual({ "1": recount.s1, "2": recount.s2, "3": recount.s3, "4": recount.s4, "5": recount.s5 });
    expect((await allReviews(productId)).length).toBe(recount.count);
  });
});
