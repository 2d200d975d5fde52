// The storefront's defences in a real browser. Signing in from a crafted link: whatever `next`
// says (a tab, a backslash, an encoded slash), the shopper lands on the shop's own origin; a good
// `next` keeps its path, query and hash. And the pages' CSP lets scripts connect (fetch or
// WebSocket) to this origin only.
import { describe, expect, it } from "vitest";
import { tabPerTest } from "./browser";
import { at, shopUrl } from "./shop";
import { newCustomer } from "./shopper";

const tab = tabPerTest(async (context) => {
  // Any other site answers with a marker page, so a redirect that escapes is seen (not a DNS error).
  await context.route(
    (url) => url.origin !== shopUrl.origin,
    (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }),
  );
});

const signInVia = async (next: string): Promise<URL> => {
  const c = await newCustomer(shopUrl, "Di Example");
  // `next` goes into the address as written (already encoded where the case says so).
  await tab.page.goto(`${shopUrl.origin}/signin?next=${next}`);
  const form = tab.page.getByTestId("signin-form");
  await form.getByLabel("Email").fill(c.session.user.email);
  await form.getByLabel("Password").fill("correct horse battery");
  await form.getByRole("button", { name: /sign in/i }).click();
  await tab.page.waitForURL((u) => u.pathname !== "/signin");
  return new URL(tab.page.url());
};

describe("sign-in's next stays on the shop", () => {
  it.each([
    ["a tab", "/%09/evil.example/x"],
    ["a newline", "/%0A/evil.example/x"],
    ["a backslash", "/\\evil.example/x"],
    ["an encoded backslash", "/%5Cevil.example/x"],
    ["encoded slashes", "%2F%2Fevil.example/x"],
    ["another origin", "https%3A%2F%2Fevil.example%2Fx"],
  ])("%s: lands on the shop's origin", async (_name, next) => {
    const landed = await signInVia(next);
    expect(landed.origin).toBe(shopUrl.origin);
    expect(landed.pathname).toBe("/");
  });

  it("a good next keeps its path, query and hash", async () => {
    const landed = await signInVia(encodeURIComponent("/search?q=heart#results"));
    expect(landed.origin).toBe(shopUrl.origin);
    expect(landed.pathname + landed.search + landed.hash).toBe("/search?q=heart#results");
  });
});

/** The page's globals the CSP check uses (this file is type-checked without the DOM library). */
interface PageGlobals {
  document: {
    addEventListener(type: "securitypolicyviolation", listener: (e: { effectiveDirective: string; blockedURI: string }) => void): void;
  };
  WebSocket: new (url: string) => { onerror: unknown; onclose: unknown; onopen: unknown; close(): void };
}

describe("the pages' Content-Security-Policy", () => {
  /** The CSP violations the page reports while it tries to reach `target` by fetch or WebSocket. */
  const violations = (kind: "fetch" | "ws", target: string) =>
    tab.page.evaluate(
      async ([kind, target]) => {
        const g = globalThis as unknown as PageGlobals;
        const seen: string[] = [];
        g.document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
        try {
          if (kind === "fetch") await fetch(target).catch(() => undefined);
          else {
            const ws = new g.WebSocket(target);
            await new Promise((r) => {
              ws.onerror = r;
              ws.onclose = r;
              ws.onopen = r;
              setTimeout(r, 2000);
            });
            ws.close();
          }
        } catch {
          // a blocked WebSocket may throw instead of failing
        }
        await new Promise((r) => setTimeout(r, 100));
        return seen;
      },
      [kind, target] as const,
    );

  it("blocks a script's WebSocket or fetch to another host", async () => {
    await tab.page.goto(at("/"));
    const wsHost = shopUrl.protocol === "https:" ? "wss:" : "ws:";
    for (const target of [`${wsHost}//evil.example/x`, "wss://evil.example/x"]) {
      expect(await violations("ws", target), target).toEqual([expect.stringMatching(/^connect-src (wss?:\/\/)?evil\.example/)]);
    }
    expect(await violations("fetch", "https://evil.example/x")).toEqual([expect.stringMatching(/^connect-src https:\/\/evil\.example/)]);
  });

  it("allows this origin: the API and the live-order socket", async () => {
    await tab.page.goto(at("/"));
    expect(await violations("fetch", at("/api/v1/categories"))).toEqual([]);
    const sameHost = new URL("/api/v1/orders/live/socket?ticket=x", shopUrl);
    sameHost.protocol = shopUrl.protocol === "https:" ? "wss:" : "ws:";
    expect(await violations("ws", sameHost.href)).toEqual([]);
  });
});
