// Headless Chromium for the e2e suite: Debian's /usr/bin/chromium through playwright-core (no
// browser download), pages that fail the test on any script error, screenshots kept as
// artefacts in test/e2e/artifacts (git-ignored), and an axe-core accessibility check.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { root } from "./server";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const ARTIFACTS = path.join(root, "test/e2e/artifacts");

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/** A page whose uncaught script errors are collected (tests assert there are none). */
export const openPage = async (context: BrowserContext) => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors };
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
};

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** Runs axe-core (WCAG 2.x A/AA rules) on the page; returns serious and critical violations. */
export const accessibilityViolations = async (page: Page): Promise<AxeViolation[]> => {
  await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate(async () => {
    type Axe = {
      run: (ctx: unknown, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }>;
    };
    const g = globalThis as unknown as { axe: Axe; document: unknown };
    const r = await g.axe.run(g.document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
};

export interface Tab {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

let clientCounter = 0;

/**
 * One browser for the test file and, for each test, a fresh desktop context with its own client
 * address (so a rate limit is never what a case measures) and one page. `prepare` runs on each
 * new context before its page opens (routes, init scripts).
 */
export const tabPerTest = (prepare?: (context: BrowserContext) => Promise<void>): Tab => {
  const tab = {} as Tab;
  beforeAll(async () => {
    tab.browser = await launch();
  });
  afterAll(async () => {
    await tab.browser?.close();
  });
  beforeEach(async () => {
    tab.context = await tab.browser.newContext({ viewport: DESKTOP });
    await tab.context.setExtraHTTPHeaders({ "CF-Connecting-IP": `198.51.100.${(clientCounter++ % 250) + 1}` });
    await prepare?.(tab.context);
    tab.page = await tab.context.newPage();
  });
  afterEach(async () => {
    await tab.context?.close();
  });
  return tab;
};
