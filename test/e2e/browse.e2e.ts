// Browsing in a real browser: a category facet, a sort and the pager change the results and the
// address (so back and forward replay them), and signing in to an account that already has a
// cart merges the guest's cart into it.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launch, screenshot } from "./browser";
import { at, shopUrl } from "./shop";
import { newCustomer } from "./shopper";

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: DESKTOP });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

// biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
const summary = () => page.getByTestId("search-summary").innerText();
const resultIds = () =>
  page
    .getByTestId("search-results")
    .locator("[data-product-id]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-product-id")));
const prices = async () =>
  (await page.getByTestId("search-results").locator(".price").allInnerTexts()).map((t) => Number(t.replace(/[^0-9.]/g, "")));

describe("search results", () => {
  it("filters by a category facet, sorts by price, pages, and back/forward replay each step", async () => {
    await page.goto(at("/search?q=heart"));
    await expect.poll(summary).toMatch(/results for/);
    const all = Number((await summary()).match(/[\d,]+/)![0].replace(/,/g, ""));

    // The category facet with its count: the results shrink to that count.
    const facet = page.getByTestId("facets").getByRole("radio", { name: /Kitchen & Dining \((\d+)\)/ });
    const count = Number((await facet.evaluate((el) => el.labels?.[0]?.textContent ?? "")).match(/\((\d+)\)/)![1]);
    await facet.check();
    await expect.poll(summary).toMatch(new RegExp(`^${count} results?`));
    expect(count).toBeLessThan(all);
    expect(page.url()).toContain("category=kitchen-dining");
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
    expect(await page.getByTestId("active-filters").innerText()).toMatch(/Kitchen & Dining/);

    // Price, low to high: the page's prices ascend.
    await page.getByTestId("sort").selectOption("price_asc");
    await expect.poll(() => page.url()).toContain("sort=price_asc");
    await expect
      .poll(async () => {
        const p = await prices();
        return p.length > 1 && p.every((x, i) => i === 0 || p[i - 1]! <= x);
      })
      .toBe(true);
    const firstPage = await resultIds();
    await screenshot(page, "search-filtered");

    // Page 2: different products, still ascending from where page 1 ended.
    const lastOnPage1 = (await prices()).at(-1)!;
    await page.getByTestId("next-page").click();
    await expect.poll(() => page.url()).toContain("page=2");
    await expect.poll(async () => (await resultIds())[0] !== firstPage[0]).toBe(true);
    const page2 = await resultIds();
    expect(page2.filter((id) => firstPage.includes(id))).toEqual([]);
    expect((await prices())[0]).toBeGreaterThanOrEqual(lastOnPage1);

    // Back: page 1 of the same sort; back again: relevance; forward: price again.
    await page.goBack();
    await expect.poll(resultIds).toEqual(firstPage);
    await page.goBack();
    await expect.poll(() => page.getByTestId("sort").inputValue()).not.toBe("price_asc");
    await page.goForward();
    await expect.poll(() => page.getByTestId("sort").inputValue()).toBe("price_asc");
    await expect.poll(resultIds).toEqual(firstPage);
  });
});

describe("signing in with a guest cart", () => {
  it("merges the guest's lines into the account's cart", async () => {
    const customer = await newCustomer(shopUrl, "Cy Example");
    await customer.addToCart("22457", 1); // already in the account's cart
    const guest = await browser.newContext({ viewport: DESKTOP });
    const p = await guest.newPage();
    await p.goto(at("/product?id=21811"));
    await p.getByTestId("add-to-cart").click();
    await expect.poll(() => p.locator("#cart-count").textContent()).toBe("1");
    await p.goto(at("/signin?next=/cart"));
    const form = p.getByTestId("signin-form");
    await form.getByLabel("Email").fill(customer.session.user.email);
    await form.getByLabel("Password").fill("correct horse battery");
    await form.getByRole("button", { name: /sign in/i }).click();
    await p.waitForURL(/\/cart$/);
    await expect
      .poll(() => p.locator("[data-line]").evaluateAll((els) => els.map((e) => e.getAttribute("data-line")).sort()))
      .toEqual(["21811", "22457"]);
    await expect.poll(() => p.locator("#cart-count").textContent()).toBe("2");
    await guest.close();
  });
});
