// The API reference at /docs works with no internet: the page, its script, styles and fonts all
// come from the shop itself. Every request the page makes is recorded, and any to another host
// is refused and fails the test (the README promises nothing needs the internet).
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launch, openPage, screenshot } from "./browser";
import { at, shopUrl } from "./shop";

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: DESKTOP });
});
afterAll(async () => {
  await browser?.close();
});

describe("/docs", () => {
  it("renders the API reference without a single request to another host", async () => {
    const elsewhere = new Set<string>();
    // Refused rather than let through, so the check is the same with or without a network.
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === "data:" || url.protocol === "blob:" || url.host === shopUrl.host) return route.continue();
      elsewhere.add(route.request().url());
      return route.abort("blockedbyclient");
    });
    const { page, errors } = await openPage(context);
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (!["data:", "blob:"].includes(url.protocol) && url.host !== shopUrl.host) elsewhere.add(r.url());
    });

    await page.goto(at("/docs"));
    // An operation's summary from the document: the reference has loaded and rendered it.
    await expect
      .poll(() => page.getByText("Liveness: the Worker is up", { exact: false }).first().isVisible(), { timeout: 30_000 })
      .toBe(true);
    // Open the built-in API client too: it loads lazily, and could reach for a proxy.
    await page
      .getByRole("button", { name: /Test Request/ })
      .first()
      .click({ timeout: 10_000 });
    await expect.poll(() => page.getByRole("dialog").first().isVisible(), { timeout: 10_000 }).toBe(true);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "docs-offline");

    expect([...elsewhere]).toEqual([]);
    expect(errors).toEqual([]);
  });
});
