// What a shopper sees when things go wrong: the API down or unreachable, an unknown product, a
// wrong password, an invalid filter, a declined card (FAILED arrives live), a cart whose
// prices and stock changed under it, and a price raised during checkout (confirm the new total).
// Every case must show a clear message, never a blank page.
import { describe, expect, it } from "vitest";
import { adminClient } from "./admin";
import { screenshot, tabPerTest } from "./browser";
import { at, shopUrl } from "./shop";
import { newCustomer } from "./shopper";

const tab = tabPerTest();

// biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
const mainText = () => tab.page.locator("main").innerText();

describe("errors are shown, never a blank page", () => {
  it("the API unreachable: search says so", async () => {
    await tab.page.route("**/api/v1/products/search**", (route) => route.abort("connectionrefused"));
    await tab.page.goto(at("/search?q=heart"));
    await expect.poll(mainText).toMatch(/could not reach the shop/i);
  });

  it("the API failing: the message and the request id for support", async () => {
    const body = {
      error: { type: "internal", code: "internal_error", message: "Something went wrong on our side.", requestId: "req-e2e-12345" },
    };
    await tab.page.route("**/api/v1/products/search**", (route) =>
      route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify(body) }),
    );
    await tab.page.goto(at("/search?q=heart"));
    await expect.poll(mainText).toMatch(/something went wrong on our side.*req-e2e-12345/is);
  });

  it("an unknown product", async () => {
    await tab.page.goto(at("/product?id=NO-SUCH-THING"));
    await expect.poll(mainText).toMatch(/not found|no product/i);
    expect(await tab.page.locator("main a[href='/']").count()).toBeGreaterThan(0);
  });

  it("an invalid price filter: the API's 400 message", async () => {
    await tab.page.goto(at("/search?q=heart&min_price=5000&max_price=100"));
    await expect.poll(mainText).toMatch(/price/i);
    expect(await tab.page.locator("[data-testid=search-results] [data-product-id]").count()).toBe(0);
  });

  it("a wrong password", async () => {
    const c = await newCustomer(shopUrl);
    await tab.page.goto(at("/signin"));
    const form = tab.page.getByTestId("signin-form");
    await form.getByLabel("Email").fill(c.session.user.email);
    await form.getByLabel("Password").fill("not the password");
    await form.getByRole("button", { name: /sign in/i }).click();
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
    await expect.poll(() => form.innerText()).toMatch(/incorrect|invalid|wrong/i);
    expect(new URL(tab.page.url()).pathname).toBe("/signin");
  });

  it("a declined card: the order page shows FAILED live, in plain words", async () => {
    const c = await newCustomer(shopUrl);
    await c.signInBrowser(tab.context);
    const orderId = await c.placeOrder("22423", "4000000000000002");
    await tab.page.goto(at(`/order?id=${orderId}&placed=1`)); // as checkout opens it
    const status = tab.page.getByTestId("order-status");
    await expect.poll(() => status.getAttribute("data-status"), { timeout: 30_000 }).toBe("FAILED");
    await expect.poll(mainText).toMatch(/declined/i);
    // Every panel follows the status: no thanks for an order that was not placed, no cancel.
    expect(await mainText()).toMatch(/payment failed/i);
    expect(await mainText()).not.toMatch(/thank you|has been placed|we reserve your items/i);
    expect(await tab.page.getByTestId("placed-banner").count()).toBe(0);
    expect(await tab.page.getByTestId("cancel-order").count()).toBe(0);
    await screenshot(tab.page, "order-declined");
  });

  it("a cart whose price and stock changed is flagged, and checkout waits", async () => {
    const c = await newCustomer(shopUrl);
    await c.signInBrowser(tab.context);
    await c.addToCart("22457", 1); // natural slate heart chalkboard
    await c.addToCart("21811", 3); // hanging heart with bell
    const staff = await adminClient(shopUrl);
    const before = await c.api.api.v1.cart.$get();
    const line = (await before.json()).lines.find((l) => l.product_id === "22457")!;
    await staff.setPrice("22457", line.unit_price + 100);
    await staff.setStock("21811", 1);
    await tab.page.goto(at("/cart"));
    const flags = tab.page.getByTestId("line-flag");
    await expect
      .poll(() => flags.allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringMatching(/price/i), expect.stringMatching(/only 1|out of stock/i)]));
    expect(await tab.page.getByTestId("checkout-button").isDisabled()).toBe(true);
    await screenshot(tab.page, "cart-flags");
    // Fixing the quantity clears the stock flag and enables checkout.
    await tab.page.locator('[data-line="21811"]').getByTestId("qty-input").fill("1");
    await tab.page.locator('[data-line="21811"]').getByTestId("qty-input").press("Enter");
    await expect.poll(() => tab.page.getByTestId("checkout-button").isDisabled()).toBe(false);
    // Removing a line takes it out of the cart, the totals and the header's count.
    await tab.page.locator('[data-line="22457"]').getByTestId("remove-line").click();
    await expect.poll(() => tab.page.locator("[data-line]").count()).toBe(1);
    await expect.poll(() => tab.page.locator("#cart-count").textContent()).toBe("1");
    const cart = await (await c.api.api.v1.cart.$get()).json();
    expect(cart.lines.map((l) => [l.product_id, l.qty])).toEqual([["21811", 1]]);
  });

  it("a price raised during checkout: the new total is shown, and the order is placed only once the shopper confirms it", async () => {
    const c = await newCustomer(shopUrl);
    await c.signInBrowser(tab.context);
    await c.api.api.v1.addresses.$post({
      json: { name: "Bea Example", line1: "2 Mill Lane", city: "Leeds", postal_code: "LS1 4AP", country: "GB" },
    });
    await c.api.api.v1["payment-methods"].$post({
      json: { number: "4242424242424242", exp_month: 12, exp_year: new Date().getFullYear() + 2, cvc: "123" },
    });
    await c.addToCart("22423", 1); // regency cakestand
    await tab.page.goto(at("/checkout"));
    const place = tab.page.getByTestId("place-order");
    await expect.poll(() => place.isEnabled()).toBe(true);
    const summary = tab.page.getByTestId("order-summary");
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
    const shownBefore = await summary.locator(".total dd").innerText();
    const line = (await (await c.api.api.v1.cart.$get()).json()).lines[0]!;
    await (await adminClient(shopUrl)).setPrice("22423", line.unit_price + 250); // the seller raises it while the shopper reviews
    await place.click();
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
    await expect.poll(() => tab.page.locator(".place-error").innerText()).toMatch(/prices .*changed.*new total/i);
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
    await expect.poll(() => summary.locator(".total dd").innerText()).not.toBe(shownBefore);
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
    await expect.poll(() => place.innerText()).toMatch(/confirm and pay/i);
    expect(new URL(tab.page.url()).pathname).toBe("/checkout"); // nothing placed yet
    await screenshot(tab.page, "checkout-price-changed");
    await place.click();
    await tab.page.waitForURL(/\/order\?id=.*placed=1/, { timeout: 30_000 });
  });
});

describe("keyboard", () => {
  it("suggestions: arrow down and Enter open the product", async () => {
    await tab.page.goto(at("/"));
    const box = tab.page.getByRole("combobox", { name: "Search products" });
    await box.focus();
    await tab.page.keyboard.type("chalk", { delay: 30 });
    await expect.poll(() => tab.page.getByRole("option").count()).toBeGreaterThan(0);
    await tab.page.keyboard.press("ArrowDown");
    expect(await box.getAttribute("aria-activedescendant")).toBe("suggestion-0");
    const first = (await tab.page.getByRole("option").first().textContent()) ?? "";
    await tab.page.keyboard.press("Enter");
    await tab.page.waitForURL(/\/product\?id=/);
    expect(await tab.page.getByTestId("product-title").textContent()).toBe(first);
  });
});
