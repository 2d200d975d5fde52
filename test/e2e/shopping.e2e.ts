// The shopper's journey in a real browser: search (with suggestions) → product → add to cart as a
// guest → sign in (register; the guest cart is kept) → checkout with an address and a test card →
// the order page turns PAID live → staff ship it (and deliver it) and the same page updates with
// no reload. Screenshots of each main page are kept as artefacts.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "./admin";
import { DESKTOP, launch, openPage, screenshot } from "./browser";
import { at, shopUrl } from "./shop";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
const testId = (id: string) => page.getByTestId(id);

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: DESKTOP });
  ({ page, errors } = await openPage(context));
});

afterAll(async () => {
  await browser?.close();
});

describe("a shopper buys something and watches it arrive", () => {
  let productId = "";
  let productTitle = "";
  let orderId = "";
  let statusOnArrival = "";

  it("searches with suggestions and opens a product", async () => {
    await page.goto(at("/"));
    const box = page.getByRole("combobox", { name: "Search products" });
    await box.pressSequentially("heart", { delay: 30 });
    const suggestions = page.getByRole("listbox", { name: "Suggestions" });
    await expect.poll(() => suggestions.getByRole("option").count()).toBeGreaterThan(0);
    expect(await suggestions.getByRole("option").first().textContent()).toMatch(/heart/i);
    await box.press("Enter"); // no suggestion highlighted: submits the search form
    await page.waitForURL(/\/search\?q=heart/);
    const results = testId("search-results").locator("[data-product-id]");
    await expect.poll(() => results.count()).toBeGreaterThan(1);
    expect(await testId("search-summary").textContent()).toMatch(/heart/i);
    await screenshot(page, "search");
    // The first in-stock result.
    const card = testId("search-results").locator("[data-product-id]:has(.in-stock)").first();
    productId = (await card.getAttribute("data-product-id")) ?? "";
    productTitle = ((await card.locator(".title").textContent()) ?? "").trim();
    await card.locator(".title").click();
    await page.waitForURL(/\/product\?id=/);
    expect(await testId("product-title").textContent()).toBe(productTitle);
    expect(await page.title()).toContain(productTitle);
  });

  it("adds the product to the cart as a guest", async () => {
    await testId("add-to-cart").click();
    await expect.poll(() => page.locator("#cart-count").textContent()).toBe("1");
    await screenshot(page, "product");
    await page.locator("#cart-link").click();
    await page.waitForURL(/\/cart$/);
    const line = testId("cart-lines").locator(`[data-line="${productId}"]`);
    await expect.poll(() => line.count()).toBe(1);
    await screenshot(page, "cart");
  });

  it("signs up on the way to checkout and keeps the guest cart", async () => {
    await testId("checkout-button").click();
    await page.waitForURL(/\/signin\?next=/);
    const form = testId("register-form");
    if (!(await form.isVisible()))
      await page
        .getByRole("tab", { name: /create/i })
        .or(page.getByRole("button", { name: /create an account/i }))
        .first()
        .click();
    await form.getByLabel("Name").fill("Ann Example");
    await form.getByLabel("Email").fill(`ann-${Date.now()}@example.com`);
    await form.getByLabel("Password").fill("correct horse battery");
    await screenshot(page, "signin");
    await form.getByRole("button", { name: /create/i }).click();
    await page.waitForURL(/\/checkout$/);
    await expect.poll(() => testId("order-summary").textContent()).toContain(productTitle);
  });

  it("checks out with a new address and the sandbox test card", async () => {
    const address = testId("address-form");
    await address.getByLabel(/full name/i).fill("Ann Example");
    await address.getByLabel(/address line 1/i).fill("1 High Street");
    await address.getByLabel(/city/i).fill("London");
    await address.getByLabel(/postcode|postal code/i).fill("SW1A 1AA");
    const card = testId("card-form");
    await card.getByLabel(/card number/i).fill("4242 4242 4242 4242");
    await card
      .getByLabel(/month/i)
      .selectOption({ index: 12 })
      .catch(() => card.getByLabel(/month/i).fill("12"));
    const year = card.getByLabel(/year/i);
    await year.selectOption(String(new Date().getFullYear() + 3)).catch(() => year.fill(String(new Date().getFullYear() + 3)));
    await card.getByLabel(/cvc|security code/i).fill("123");
    await screenshot(page, "checkout");
    await testId("place-order").click();
    await page.waitForURL(/\/order\?id=.*placed=1/, { timeout: 30_000 });
    orderId = new URL(page.url()).searchParams.get("id") ?? "";
    expect(orderId).toMatch(/^112-\d{7}-\d{7}$/);
    await expect.poll(() => testId("placed-banner").isVisible()).toBe(true);
    statusOnArrival = (await testId("order-status").getAttribute("data-status")) ?? "";
  });

  it("turns PAID live, then follows staff's shipping and delivery without a reload", async () => {
    // A marker on this document: a reload or navigation would lose it.
    await page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
    expect(["PENDING", "RESERVED"], "the page opened before payment went through").toContain(statusOnArrival);
    const status = testId("order-status");
    // Payment takes PAYMENT_LATENCY_MS per gateway call: the page opened before PAID.
    await expect.poll(() => status.getAttribute("data-status"), { timeout: 30_000 }).toBe("PAID");
    await expect.poll(() => testId("live-indicator").textContent()).toMatch(/live/i);
    await expect.poll(() => page.locator("#cart-count").textContent()).toBe("0"); // payment emptied the cart
    const staff = await adminClient(shopUrl);
    await staff.ship(orderId, `RM${Date.now()}GB`);
    await expect.poll(() => status.getAttribute("data-status"), { timeout: 15_000 }).toBe("SHIPPED");
    await expect.poll(() => testId("shipment").textContent()).toMatch(/royal mail/i);
    await screenshot(page, "order-shipped");
    await staff.outForDelivery(orderId);
    await expect.poll(() => status.getAttribute("data-status"), { timeout: 15_000 }).toBe("OUT_FOR_DELIVERY");
    // The estimate agrees with "out for delivery" (no other day's date).
    await expect.poll(() => testId("estimated-delivery").textContent()).toMatch(/arriving today/i);
    await staff.deliver(orderId);
    await expect.poll(() => status.getAttribute("data-status"), { timeout: 15_000 }).toBe("DELIVERED");
    // Every panel follows the status: the banner no longer promises to reserve anything, no estimate, no cancel.
    await expect.poll(() => testId("placed-banner").textContent()).not.toMatch(/reserve your items|cancel/i);
    expect(await testId("estimated-delivery").count()).toBe(0);
    expect(await testId("cancel-order").count()).toBe(0);
    const done = testId("timeline").locator("li[data-status=DELIVERED]");
    expect(await done.count()).toBe(1);
    expect(await page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await screenshot(page, "order-delivered");
  });

  it("lists the order under Your orders", async () => {
    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await page.waitForURL(/\/orders$/);
    await expect.poll(() => testId("order-list").textContent()).toContain(orderId);
    await screenshot(page, "orders");
  });

  it("reviews what arrived: the review shows as a verified purchase in the summary", async () => {
    await page.goto(at(`/product?id=${encodeURIComponent(productId)}`));
    const form = testId("review-form");
    await form.getByRole("radio", { name: "4 stars" }).check({ force: true });
    await form.getByLabel(/title/i).fill("Lovely and sturdy");
    await form.getByLabel(/your review/i).fill("Arrived quickly and well packed. <b>Looks great</b> on the shelf.");
    await form.getByRole("button", { name: /submit review/i }).click();
    const reviews = testId("reviews");
    await expect.poll(() => reviews.textContent()).toContain("Lovely and sturdy");
    expect(await reviews.textContent()).toContain("<b>Looks great</b>"); // markup stays text
    expect(await reviews.textContent()).toMatch(/verified purchase/i);
    await expect.poll(() => testId("rating-summary").textContent()).toMatch(/4\.0 out of 5/);
    await screenshot(page, "product-reviewed");
    // Reloaded, the page comes from the shared cache: the API marks the shopper's own review (is_mine).
    await page.reload();
    await expect.poll(() => page.locator(".review .badge.mine").count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
