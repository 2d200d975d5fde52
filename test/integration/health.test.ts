import { describe, expect, it } from "vitest";
import { api, raw } from "../helpers/client";

describe("platform basics", () => {
  it("answers /healthz", async () => {
    const res = await api().healthz.$get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("echoes a sane X-Request-Id and makes one up otherwise", async () => {
    const given = await raw("GET", "/healthz", { headers: { "X-Request-Id": "req-abc-12345" } });
    expect(given.headers.get("X-Request-Id")).toBe("req-abc-12345");
    const made = await raw("GET", "/healthz", { headers: { "X-Request-Id": "bad id with spaces" } });
    expect(made.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends secure headers and CORS on the API", async () => {
    const res = await raw("GET", "/api/v1/categories", { headers: { Origin: "https://storefront.example" } });
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("serves an OpenAPI 3.1 document that lists every API route, and the reference page", async () => {
    const doc = (await (await raw("GET", "/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    for (const p of ["/healthz", "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/products/{id}", "/api/v1/categories"]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const docs = await raw("GET", "/docs");
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain("/openapi.json");
    // The reference script comes from our own static assets, so /docs works offline.
    expect(html).toContain("/vendor/scalar/standalone.js");
    expect(html).not.toContain("cdn.jsdelivr.net");
  });

  it("answers an unknown route with the JSON error body", async () => {
    const res = await raw("GET", "/api/v1/nope");
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: Record<string, string> };
    expect(body.error).toMatchObject({ type: "not_found", code: "route_not_found" });
    expect(body.error.requestId).toBe(res.headers.get("X-Request-Id"));
  });
});
