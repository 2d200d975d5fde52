// Unknown addresses: a browser opening a page that does not exist gets the storefront's 404 page
// (status 404, HTML, through the ASSETS binding); API clients keep getting the JSON error body.
import { describe, expect, it } from "vitest";
import { workerFetch } from "../helpers/client";

describe("not found", () => {
  it("a browser navigation to an unknown page gets the storefront's 404 page", async () => {
    const res = await workerFetch("https://shop.test/no/such/page", { headers: { Accept: "text/html,application/xhtml+xml" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain("<title>Page not found");
    expect(html).toContain('src="/js/not-found.js"');
  });

  it("an unknown API path is the JSON error, even for a browser", async () => {
    const res = await workerFetch("https://shop.test/api/v1/no-such-thing", { headers: { Accept: "text/html" } });
    expect(res.status).toBe(404);
    const body = await res.json<{ error: { code: string } }>();
    expect(body.error.code).toBe("route_not_found");
  });

  it("a non-browser client gets the JSON error for an unknown page", async () => {
    const res = await workerFetch("https://shop.test/no/such/page", { headers: { Accept: "application/json" } });
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("route_not_found");
  });
});
