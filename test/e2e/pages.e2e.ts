// Every storefront page, signed in with a real order behind it: no serious or critical axe-core
// (WCAG 2.1 A/AA) violations, no sideways scrolling at a 375 px phone width, keyboard focus
// visible, and its weight measured (bytes of every response the page loads; written to
// test/e2e/artifacts/page-weight.md with phone screenshots).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityViolations, ARTIFACTS, DESKTOP, launch, PHONE, screenshot } from "./browser";
import { at, shopUrl } from "./shop";
import { newCustomer } from "./shopper";

const PRODUCT = "85123A"; // the white hanging heart T-light holder: in the demo catalog, with history
let browser: Browser;
let customer: Awaited<ReturnType<typeof newCustomer>>;
let orderId = "";
const weights: { page: string; requests: number; bytes: number; gzipped: number; own: number }[] = [];

const pages = () => [
  { name: "home", path: "/", ready: "#recs-heading" },
  { name: "search", path: "/search?q=heart", ready: "[data-testid=search-results] [data-product-id]" },
  { name: "product", path: `/product?id=${PRODUCT}`, ready: "[data-testid=product-title]" },
  { name: "cart", path: "/cart", ready: "[data-testid=cart-lines]" },
  { name: "checkout", path: "/checkout", ready: "[data-testid=place-order]" },
  { name: "orders", path: "/orders", ready: "[data-testid=order-list]" },
  { name: "order", path: `/order?id=${orderId}`, ready: "[data-testid=timeline]" },
  { name: "signin", path: "/signin", ready: "[data-testid=signin-form]", guest: true },
];

beforeAll(async () => {
  browser = await launch();
  customer = await newCustomer(shopUrl);
  orderId = await customer.placeOrder(PRODUCT);
  await customer.addToCart(PRODUCT); // the cart and checkout pages then have a line to show
});

afterAll(async () => {
  await browser?.close();
  const rows = weights.map(
    (w) =>
      `| ${w.page} | ${w.requests} | ${(w.bytes / 1024).toFixed(1)} | ${(w.gzipped / 1024).toFixed(1)} | ${(w.own / 1024).toFixed(1)} |`,
  );
  const table = [
    "| page | requests | KiB transferred (local, uncompressed) | KiB gzipped | of which HTML+CSS+JS gzipped |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
  if (weights.length) {
    writeFileSync(path.join(ARTIFACTS, "page-weight.md"), `${table}\n`);
    console.log(`\nPage weight (first visit, empty cache):\n${table}\n`);
  }
});

const open = async (viewport: typeof DESKTOP, p: ReturnType<typeof pages>[number]) => {
  const context = await browser.newContext({ viewport, bypassCSP: true }); // axe is injected as a script
  if (!p.guest) await customer.signInBrowser(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
};

const measure = (page: Page) => {
  const seen: { type: string; body: Promise<Buffer | null> }[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).origin === shopUrl.origin) seen.push({ type: r.request().resourceType(), body: r.body().catch(() => null) });
  });
  return async () => {
    const bodies = await Promise.all(seen.map(async (s) => ({ type: s.type, body: (await s.body) ?? Buffer.alloc(0) })));
    const sum = (f: (b: { type: string; body: Buffer }) => boolean, g: (b: Buffer) => number) =>
      bodies.filter(f).reduce((n, b) => n + g(b.body), 0);
    const all = () => true;
    const own = (b: { type: string }) => ["document", "script", "stylesheet"].includes(b.type);
    return {
      requests: bodies.length,
      bytes: sum(all, (b) => b.length),
      gzipped: sum(all, (b) => gzipSync(b).length),
      own: sum(own, (b) => gzipSync(b).length),
    };
  };
};

describe("every page", () => {
  for (const p of pages()) {
    it(`${p.name}: accessible, fits a phone, keyboard focus visible, weighed`, async () => {
      const target = pages().find((x) => x.name === p.name)!; // orderId is known only after beforeAll
      const { context, page, errors } = await open(PHONE, target);
      const weigh = measure(page);
      await page.goto(at(target.path));
      await page.waitForSelector(target.ready);
      await page.waitForLoadState("networkidle");
      if (target.name === "product") {
        // Built by the e2e shop's setup from the imported order history.
        expect(await page.locator("[data-testid=similar] [data-product-id]").count()).toBeGreaterThan(0);
        expect(await page.locator("[data-testid=bought-together] [data-product-id]").count()).toBeGreaterThan(0);
      }
      weights.push({ page: target.name, ...(await weigh()) });
      const overflow = await page.evaluate(() => {
        const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
        return d.documentElement.scrollWidth - d.documentElement.clientWidth;
      });
      expect(overflow, "sideways scrolling at 375 px").toBeLessThanOrEqual(0);
      await screenshot(page, `phone-${target.name}`);
      // The first Tab lands on the skip link, which becomes visible.
      await page.keyboard.press("Tab");
      expect(
        await page.evaluate(
          () => (globalThis as unknown as { document: { activeElement: { className: string } } }).document.activeElement.className,
        ),
      ).toContain("skip-link");
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.setViewportSize(DESKTOP);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
