// Writing and reading reviews through the Worker: one review per customer (a second POST updates
// it), the verified-purchase flag, validation, markup kept inert, the rating summary's buckets,
// pagination in every sort and the freshness of cached reads after a write.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createAdmin } from "../helpers/admin";
import { createProduct } from "../helpers/catalog";
import { type Account, authed, raw, register } from "../helpers/client";
import { insertOrder } from "../helpers/orders";
import { REVIEW_LIMITS } from "../../workers/reviews/reviews";
import {
  allReviews,
  expectSummaryMatchesRecount,
  productPage,
  reviewBody,
  reviewPage,
  summaryOf,
  writeReview,
  type ReviewJson,
} from "../helpers/reviews";

type ErrorBody = { error: { type: string; code: string; details?: { path: string }[] } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;
const post = (who: { token: string } | null, productId: string, body: unknown) =>
  raw("POST", `/api/v1/products/${productId}/reviews`, {
    body: JSON.stringify(body),
    headers: who ? { Authorization: `Bearer ${who.token}` } : {},
  });

let seller: Account;
beforeAll(async () => {
  seller = await register("seller", "Review Seller");
});
const newProduct = async () => (await createProduct(seller)).product_id;

describe("writing a review", () => {
  it("creates one review per customer: a second POST updates it (200, same id) and moves the star", async () => {
    const id = await newProduct();
    const me = await register("customer", "Ann Reviewer");
    const first = await writeReview(me, id, { stars: 2, title: "  Too dim  ", text: "Line one\nline two" });
    expect(first.status).toBe(201);
    expect(first.review).toEqual({
      review_id: expect.stringMatching(/^rev_[0-9a-z]{16}$/),
      product_id: id,
      is_mine: true,
      author_name: "Ann R.",
      stars: 2,
      title: "Too dim",
      text: "Line one\nline two",
      verified_purchase: false,
      helpful_count: 0,
      seller_reply: null,
      created_at: expect.any(String),
      updated_at: first.review.created_at,
    });
    expect(await summaryOf(id)).toEqual({ count: 1, sum: 2, s1: 0, s2: 1, s3: 0, s4: 0, s5: 0 });
    const second = await writeReview(me, id, { stars: 5, title: "Better than I thought" });
    expect(second.status).toBe(200);
    expect(second.review).toMatchObject({
      review_id: first.review.review_id,
      stars: 5,
      title: "Better than I thought",
      created_at: first.review.created_at,
    });
    expect(await summaryOf(id)).toEqual({ count: 1, sum: 5, s1: 0, s2: 0, s3: 0, s4: 0, s5: 1 });
    expect((await allReviews(id)).map((r) => r.review_id)).toEqual([first.review.review_id]);
  });

  it("keeps one review when the same customer posts twice at once", async () => {
    const id = await newProduct();
    const me = await register();
    const results = await Promise.all([3, 4].map((stars) => post(me, id, reviewBody({ stars }))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    const ids = await Promise.all(results.map(async (r) => ((await r.json()) as ReviewJson).review_id));
    expect(ids[0]).toBe(ids[1]);
    expect((await summaryOf(id)).count).toBe(1);
  });

  it("marks a purchase verified only with a delivered order containing the product, on every update", async () => {
    const id = await newProduct();
    const other = await newProduct();
    const [buyer, shipped, elsewhere, later] = await Promise.all([register(), register(), register(), register()]);
    const line = (productId: string) => [{ productId, qty: 1, unitPrice: 339 }];
    await insertOrder({ customerId: buyer.userId, lines: [...line(other), ...line(id)], status: "DELIVERED" });
    await insertOrder({ customerId: shipped.userId, lines: line(id), status: "SHIPPED" });
    await insertOrder({ customerId: elsewhere.userId, lines: line(other), status: "DELIVERED" });
    expect((await writeReview(buyer, id)).review.verified_purchase).toBe(true);
    expect((await writeReview(shipped, id)).review.verified_purchase).toBe(false);
    expect((await writeReview(elsewhere, id)).review.verified_purchase).toBe(false);
    expect((await writeReview(later, id)).review.verified_purchase).toBe(false);
    await insertOrder({ customerId: later.userId, lines: line(id), status: "DELIVERED" });
    expect((await writeReview(later, id, { stars: 5 })).review.verified_purchase).toBe(true);
  });

  it("verifies a review written before delivery when the order is delivered, and only that customer's review of its products", async () => {
    const id = await newProduct();
    const other = await newProduct();
    const [early, bystander] = await Promise.all([register(), register()]);
    const admin = await createAdmin();
    const orderId = await insertOrder({
      customerId: early.userId,
      lines: [{ productId: id, qty: 1, unitPrice: 339 }],
      status: "OUT_FOR_DELIVERY",
    });
    await writeReview(early, id);
    await writeReview(early, other);
    await writeReview(bystander, id);
    const deliver = () => raw("POST", `/api/v1/admin/orders/${orderId}/deliver`, { headers: { Authorization: `Bearer ${admin.token}` } });
    expect((await deliver()).status).toBe(200);
    const verified = async (who: Account, productId: string) =>
      (
        await env.DB.prepare(`SELECT verified_purchase AS v FROM reviews WHERE customer_id = ? AND product_id = ?`)
          .bind(who.userId, productId)
          .first<{ v: number }>()
      )?.v;
    expect(await verified(early, id)).toBe(1);
    expect(await verified(early, other)).toBe(0);
    expect(await verified(bystander, id)).toBe(0);
  });

  it("is for customers only, on live products", async () => {
    const id = await newProduct();
    const admin = await createAdmin();
    expect((await post(null, id, reviewBody())).status).toBe(401);
    for (const who of [seller, admin]) {
      const res = await post(who, id, reviewBody());
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe("insufficient_role");
    }
    const me = await register();
    const unknown = await post(me, "B0NOSUCHXX", reviewBody());
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("product_not_found");
    await authed(seller).api.v1.products[":id"].$delete({ param: { id } });
    expect((await post(me, id, reviewBody())).status).toBe(404);
    expect((await reviewPage(id)).res.status).toBe(404);
  });

  it("refuses bad stars, titles and texts with 400 and a detail per field", async () => {
    const id = await newProduct();
    const me = await register();
    const cases: [Record<string, unknown>, string][] = [
      [{ stars: 0 }, "json.stars"],
      [{ stars: 6 }, "json.stars"],
      [{ stars: 4.5 }, "json.stars"],
      [{ stars: "5" }, "json.stars"],
      [{ title: "   " }, "json.title"],
      [{ title: "x".repeat(151) }, "json.title"],
      [{ title: "two\nlines" }, "json.title"],
      [{ text: "" }, "json.text"],
      [{ text: " \n\t " }, "json.text"],
      [{ text: "x".repeat(5001) }, "json.text"],
      [{ text: "a\u0000b" }, "json.text"],
      [{ title: undefined }, "json.title"],
      [{ extra: true }, "json"],
    ];
    for (const [patch, field] of cases) {
      const res = await post(me, id, { ...reviewBody(), ...patch });
      expect(res.status, JSON.stringify(patch).slice(0, 80)).toBe(400);
      const e = await errorOf(res);
      expect(e.code).toBe("validation_failed");
      expect(
        e.details!.some((d) => d.path === field || d.path.startsWith(`${field}.`)),
        field,
      ).toBe(true);
    }
    expect((await summaryOf(id)).count).toBe(0);
    const longest = await writeReview(me, id, { title: "t".repeat(150), text: "x".repeat(5000) });
    expect(longest.review.text.length).toBe(5000);
  });
});

const MARKUP = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "</script><script>alert(document.cookie)</script>",
  "<svg/onload=alert(1)>",
  "javascript:alert(1)",
  "&lt;b&gt; already &amp; escaped",
  "{{constructor.constructor('alert(1)')()}}",
  "'; DROP TABLE reviews; --",
  "\u2028\u2029 separators",
  "<!-- comment --> & \\ \" ' `",
  "🔥 <b>bold</b> ü",
];

describe("limits on writing reviews", () => {
  it(`allows ${REVIEW_LIMITS.perMinute} writes a minute per customer (edits included), then 429 with Retry-After; others unaffected`, async () => {
    const [spammer, other] = await Promise.all([register(), register()]);
    const id = await newProduct();
    for (let i = 0; i < REVIEW_LIMITS.perMinute; i++) {
      expect((await post(spammer, id, reviewBody({ stars: (i % 5) + 1 }))).status, `write ${i + 1}`).toBeLessThan(300);
    }
    const over = await post(spammer, id, reviewBody());
    expect(over.status).toBe(429);
    expect(over.headers.get("Retry-After")).toBe("60");
    expect(await errorOf(over)).toMatchObject({ type: "rate_limited", code: "too_many_requests" });
    expect((await post(other, id, reviewBody())).status).toBe(201);
  });

  it(`allows ${REVIEW_LIMITS.newPerDay} new reviews a day per customer; edits of their own still pass`, async () => {
    const [farm, other] = await Promise.all([register(), register()]);
    const products = await Promise.all(Array.from({ length: REVIEW_LIMITS.newPerDay + 1 }, () => newProduct()));
    const now = Date.now();
    // The day's reviews, written over the last hours (faster through the API than the per-minute limit allows).
    await env.DB.batch(
      products
        .slice(0, REVIEW_LIMITS.newPerDay)
        .map((pid, i) =>
          env.DB.prepare(
            `INSERT INTO reviews (id, product_id, customer_id, stars, title, body, created_at, updated_at) VALUES (?, ?, ?, 4, 't', 'b', ?, ?)`,
          ).bind(`rev_farm${String(i).padStart(12, "0")}`, pid, farm.userId, now - 3_600_000 * (i + 1), now - 3_600_000 * (i + 1)),
        ),
    );
    const over = await post(farm, products.at(-1)!, reviewBody());
    expect(over.status).toBe(429);
    expect(await errorOf(over)).toMatchObject({ type: "rate_limited", code: "too_many_requests" });
    // The oldest of the day's reviews (20 h ago) leaves the window in about 4 h.
    const retryAfter = Number(over.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(4 * 3600 - 120);
    expect(retryAfter).toBeLessThanOrEqual(4 * 3600);
    expect((await post(farm, products[0]!, reviewBody({ stars: 1 }))).status).toBe(200);
    expect((await post(other, products.at(-1)!, reviewBody())).status).toBe(201);
  });
});

describe("authors' privacy on public review pages", () => {
  const read = async (path: string, who?: { token: string }) => {
    const res = await raw("GET", path, { headers: who ? { Authorization: `Bearer ${who.token}` } : {} });
    expect(res.status, path).toBe(200);
    return { res, text: await res.text() };
  };
  const reviewsIn = (path: string, text: string): ReviewJson[] => {
    const body = JSON.parse(text);
    return path.endsWith("/reviews") ? body.results : body.reviews.items;
  };
  const pathsOf = (id: string) => [`/api/v1/products/${id}`, `/api/v1/products/${id}/reviews`];

  it("carries no author id anywhere; is_mine is true for the author only, and a first name and initial", async () => {
    const id = await newProduct();
    const [author, other] = await Promise.all([register("customer", "  Zoë   van der Berg "), register("customer", "Ömer")]);
    const mine = (await writeReview(author, id)).review;
    const theirs = (await writeReview(other, id)).review;
    expect(JSON.stringify(mine)).not.toContain(author.userId);
    for (const path of pathsOf(id)) {
      for (const [who, expected] of [
        [undefined, []],
        [author, [mine.review_id]],
        [other, [theirs.review_id]],
      ] as const) {
        const { text } = await read(path, who);
        expect(text).not.toContain(author.userId);
        expect(text).not.toContain(other.userId);
        expect(text).not.toContain("customer_id");
        const items = reviewsIn(path, text);
        expect(
          items.filter((r) => r.is_mine).map((r) => r.review_id),
          `${path} as ${who ? "a customer" : "anonymous"}`,
        ).toEqual(expected);
        expect(Object.fromEntries(items.map((r) => [r.review_id, r.author_name]))).toEqual({
          [mine.review_id]: "Zoë B.",
          [theirs.review_id]: "Ömer",
        });
      }
    }
  });

  it("never serves one viewer's is_mine to another through the edge cache", async () => {
    const id = await newProduct();
    const [author, other] = await Promise.all([register(), register()]);
    const { review } = await writeReview(author, id);
    const isMine = (path: string, text: string) => reviewsIn(path, text).find((r) => r.review_id === review.review_id)!.is_mine;
    for (const path of pathsOf(id)) {
      // The author first: their read loads (and caches) the shared copy, and is marked after it.
      const a = await read(path, author);
      expect(isMine(path, a.text)).toBe(true);
      expect(a.res.headers.get("Cache-Control")).toBe("private, no-store");
      expect(a.res.headers.get("ETag")).toBeNull();
      for (const who of [undefined, other]) {
        const b = await read(path, who);
        expect(b.res.headers.get("X-Cache"), path).toBe("HIT");
        expect(isMine(path, b.text)).toBe(false);
      }
      // A cached shared copy and its ETag do not stop the author's marking (no 304 on the shared tag).
      const etag = (await read(path)).res.headers.get("ETag")!;
      const again = await raw("GET", path, { headers: { Authorization: `Bearer ${author.token}`, "If-None-Match": etag } });
      expect(again.status).toBe(200);
      expect(isMine(path, await again.text())).toBe(true);
    }
  });
});

describe("markup in reviews", () => {
  it("stores and answers it byte for byte, as JSON that no browser sniffs as HTML", async () => {
    const id = await newProduct();
    const written: string[] = [];
    for (const text of MARKUP) {
      const me = await register("customer", `<b>${text.slice(0, 20)}</b>`);
      const res = await post(me, id, reviewBody({ title: text.replace(/[\u2028\u2029]/g, ""), text }));
      expect(res.status, text).toBe(201);
      // Plain JSON string escaping only: no HTML entities, no \u003c-style rewriting.
      const body = await res.text();
      expect(body).toContain(`"text":${JSON.stringify(text)}`);
      expect((JSON.parse(body) as ReviewJson).text).toBe(text);
      written.push(text);
    }
    const page = await reviewPage(id, { limit: 50 });
    const detail = await raw("GET", `/api/v1/products/${id}`);
    for (const res of [page.res, detail]) {
      expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
    expect(page.body!.results.map((r) => r.text).sort()).toEqual([...written].sort());
    for (const r of page.body!.results) expect(r.title).toBe(r.text.replace(/[\u2028\u2029]/g, "").trim()); // titles are one trimmed line
    const textOf = new Map(page.body!.results.map((r) => [r.review_id, r.text]));
    const detailPage = await productPage(id);
    expect(detailPage.items.length).toBe(10);
    for (const r of detailPage.items) expect(r.text).toBe(textOf.get(r.review_id));
    // The product page's token continues in the reviews list (newest first).
    const rest = (await reviewPage(id, { page_token: detailPage.nextPageToken! })).body!;
    expect([...detailPage.ids, ...rest.results.map((r) => r.review_id)].sort()).toEqual([...textOf.keys()].sort());
  });
});

describe("listing reviews", () => {
  const ORDER: Record<string, (a: ReviewJson, b: ReviewJson) => number> = {
    recent: (a, b) => b.created_at.localeCompare(a.created_at) || b.review_id.localeCompare(a.review_id),
    helpful: (a, b) => b.helpful_count - a.helpful_count || b.review_id.localeCompare(a.review_id),
    rating: (a, b) => b.stars - a.stars || b.created_at.localeCompare(a.created_at) || b.review_id.localeCompare(a.review_id),
  };

  it("visits every visible review exactly once, in order, in every sort and star filter", async () => {
    const id = await newProduct();
    const [admin, ...voters] = await Promise.all([createAdmin(), register(), register(), register()]);
    const reviews: ReviewJson[] = [];
    for (let i = 0; i < 13; i++)
      reviews.push((await writeReview(await register(), id, { stars: (i % 5) + 1, title: `Review ${i}` })).review);
    for (const [i, r] of reviews.entries()) {
      for (const v of voters.slice(0, i % 4))
        expect((await authed(v).api.v1.reviews[":review_id"].helpful.$post({ param: { review_id: r.review_id } })).status).toBe(200);
    }
    const hidden = reviews[4]!;
    await authed(admin).api.v1.admin.reviews[":review_id"].hide.$post({ param: { review_id: hidden.review_id }, json: { reason: "Spam" } });
    const visible = new Set(reviews.filter((r) => r !== hidden).map((r) => r.review_id));
    for (const sort of ["recent", "helpful", "rating"]) {
      for (const stars of [undefined, 1, 3]) {
        const seen = await allReviews(id, { sort, limit: 4, ...(stars ? { stars } : {}) });
        const want = [...visible].filter((rid) => !stars || reviews.find((r) => r.review_id === rid)!.stars === stars);
        expect(seen.map((r) => r.review_id).sort(), `${sort} ${stars}`).toEqual(want.sort());
        expect(seen, `${sort} ${stars}`).toEqual([...seen].sort(ORDER[sort]));
      }
    }
    expect((await allReviews(id, { sort: "helpful", limit: 50 }))[0]!.helpful_count).toBe(3);
  });

  it("refuses a token from another sort or an edited one (400), and an unknown product (404)", async () => {
    const id = await newProduct();
    for (let i = 0; i < 3; i++) await writeReview(await register(), id);
    const token = (await reviewPage(id, { sort: "recent", limit: 1 })).body!.next_page_token!;
    for (const [sort, t] of [
      ["helpful", token],
      ["rating", token],
      ["recent", `${token}x`],
      ["recent", btoa('{"o":"recent","c":"1","i":"x"}')],
    ]) {
      const { res } = await reviewPage(id, { sort: sort!, page_token: t! });
      expect(res.status, `${sort} ${t}`).toBe(400);
      expect((await errorOf(res)).code).toBe("invalid_page_token");
    }
    expect((await reviewPage("B0NOSUCHXX")).res.status).toBe(404);
  });

  it("shows a new or edited review on the next read of the cached product page and first pages", async () => {
    const id = await newProduct();
    const me = await register();
    for (const sort of ["recent", "helpful", "rating"]) await reviewPage(id, { sort });
    await reviewPage(id, { stars: 4 });
    expect((await productPage(id)).ids).toEqual([]);
    expect((await reviewPage(id)).res.headers.get("X-Cache")).toBe("HIT");
    const { review } = await writeReview(me, id, { stars: 4 });
    expect((await productPage(id)).ids).toEqual([review.review_id]);
    for (const sort of ["recent", "helpful", "rating"])
      expect((await reviewPage(id, { sort })).body!.results.map((r) => r.review_id)).toEqual([review.review_id]);
    await writeReview(me, id, { stars: 2 });
    expect((await reviewPage(id, { stars: 4 })).body!.results).toEqual([]);
    expect((await reviewPage(id, { stars: 2 })).body!.results[0]!.stars).toBe(2);
    expect((await productPage(id)).rating).toMatchObject({ count: 1, average: 2 });
    await expectSummaryMatchesRecount(id);
  });
});
