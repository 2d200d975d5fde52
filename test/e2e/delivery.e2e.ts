// What the storefront tells each viewer about delivery, in a real browser: a guest (or any
// non-Prime shopper) sees free delivery from the threshold on product pages and search results,
// and in the cart exactly how much more makes it free; a Prime member sees it free with Prime.
// Never a flat "fast, free delivery" that checkout then charges for.
import { describe, expect, it } from "vitest";
import { FREE_SHIPPING_FROM_MINOR } from "../../workers/orders/orders";
import { tabPerTest } from "./browser";
import { at, shopUrl } from "./shop";
import { newCustomer } from "./shopper";

const tab = tabPerTest();

const THRESHOLD = `£${FREE_SHIPPING_FROM_MINOR / 100}`;
const pounds = (text: string) => Math.round(Number(text.replace(/[^0-9.]/g, "")) * 100);

describe("delivery, as this viewer gets it", () => {
  it("a guest: free from the threshold on the product page and in search, never a flat free promise", async () => {
    await tab.page.goto(at("/product?id=21811"));
    const offer = tab.page.getByTestId("delivery-offer");
    await expect.poll(() => offer.textContent()).toContain(`FREE delivery on orders from ${THRESHOLD}`);
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
    expect(await tab.page.locator("main").innerText()).not.toMatch(/fast, free delivery|FREE delivery with Prime/i);

    await tab.page.goto(at("/search?q=heart"));
    const cards = tab.page.getByTestId("search-results").getByTestId("card-delivery-offer");
    await expect.poll(() => cards.count()).toBeGreaterThan(0);
    expect(new Set(await cards.allTextContents())).toEqual(new Set([`FREE delivery on orders from ${THRESHOLD}`]));
  });

  it("a guest's cart below the threshold: how much more makes delivery free", async () => {
    await tab.page.goto(at("/product?id=21811"));
    await tab.page.getByTestId("add-to-cart").click();
    await expect.poll(() => tab.page.locator("#cart-count").textContent()).toBe("1");
    await tab.page.goto(at("/cart"));
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads what the shopper sees (rendered text), not the DOM's raw text
    const subtotal = pounds(await tab.page.getByTestId("cart-subtotal").locator("strong").innerText());
    expect(subtotal).toBeLessThan(FREE_SHIPPING_FROM_MINOR);
    const missing = ((FREE_SHIPPING_FROM_MINOR - subtotal) / 100).toFixed(2);
    await expect.poll(() => tab.page.getByTestId("cart-delivery").textContent()).toBe(`Add £${missing} more for FREE delivery`);
  });

  it("a Prime member: free with Prime, on the product page and in the cart", async () => {
    const c = await newCustomer(shopUrl, "Pat Prime");
    await c.addToCart("21811", 1);
    // The storefront reads the viewer's membership from the session the API returned at sign-in.
    const session = { ...c.session, user: { ...c.session.user, is_prime: true } };
    await tab.context.addInitScript((s) => localStorage.setItem("shop.session", s), JSON.stringify(session));
    await tab.page.goto(at("/product?id=21811"));
    await expect.poll(() => tab.page.getByTestId("delivery-offer").textContent()).toContain("FREE delivery with Prime");
    await tab.page.goto(at("/cart"));
    await expect.poll(() => tab.page.getByTestId("cart-delivery").textContent()).toBe("FREE delivery with Prime");
  });
});
