// The root Hono app: cross-cutting middleware, one sub-app per domain under /api/v1, the
// OpenAPI document and its reference page, and the single error mapping.
import { createRoute, z } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { addressRoutes } from "./addresses/routes";
import { cartRoutes } from "./cart/routes";
import { categoryRoutes } from "./categories/routes";
import { refuseMisconfigured } from "./config/guard";
import { deadLetterRoutes } from "./dead-letters/routes";
import { carrierWebhookRoutes } from "./fulfilment/carrier-webhook";
import { fulfilmentRoutes } from "./fulfilment/routes";
import { authenticate } from "./identity/auth-middleware";
import { identityRoutes } from "./identity/routes";
import { inventoryRoutes } from "./inventory/routes";
import { orderReadRoutes } from "./orders/read-routes";
import { orderRoutes } from "./orders/routes";
import { adminCardAttemptRoutes } from "./payments/admin-routes";
import { paymentMethodRoutes } from "./payments/routes";
import { productReadRoutes } from "./products/routes";
import { recommendationJobRoutes } from "./recommendations/admin-routes";
import { personalRecommendationRoutes, productRecommendationRoutes } from "./recommendations/routes";
import { searchEventRoutes } from "./search-events/routes";
import { searchRoutes } from "./search/routes";
import { productWriteRoutes } from "./products/seller-routes";
import { adminReviewRoutes } from "./reviews/admin-routes";
import { reviewRoutes } from "./reviews/review-routes";
import { productReviewRoutes } from "./reviews/routes";
import { newRouter } from "./shared/app-env";
import { onError, onNotFound } from "./shared/http-errors";
import { documentOperations } from "./shared/openapi-operations";
import { limitBody, requireJsonBody } from "./shared/request-guards";
import { usePlainValidationMessages } from "./shared/validation-messages";
import { trackingRoutes } from "./tracking/routes";

// Without Scalar's web fonts, the reader's own system fonts.
const DOCS_FONTS = `:root {
  --scalar-font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --scalar-font-code: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}`;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;

const health = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["Platform"],
  summary: "Liveness: the Worker is up (touches no storage)",
  responses: {
    200: {
      description: "Up",
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
    },
  },
});

export const createApp = () => {
  usePlainValidationMessages();
  const app = newRouter();
  app.use(
    requestId({
      // Keep a caller's id only when it is a sane token; otherwise make our own.
      generator: (c) => {
        const given = c.req.header("X-Request-Id");
        return given && REQUEST_ID_PATTERN.test(given) ? given : crypto.randomUUID();
      },
    }),
  );
  app.use(refuseMisconfigured());
  app.use(secureHeaders());
  app.use("/api/*", (c, next) =>
    cors({
      origin: c.env.CORS_ORIGINS === "*" ? "*" : c.env.CORS_ORIGINS.split(",").map((o) => o.trim()),
      allowHeaders: ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "X-Request-Id"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["ETag", "X-Request-Id", "Retry-After"],
      maxAge: 600,
    })(c, next),
  );
  app.use("/api/*", limitBody(), requireJsonBody(), authenticate());

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });

  const routes = app
    .openapi(health, (c) => c.json({ status: "ok" as const }, 200, { "Cache-Control": "no-store" }))
    .route("/api/v1/auth", identityRoutes)
    .route("/api/v1/categories", categoryRoutes)
    .route("/api/v1/products", searchRoutes)
    .route("/api/v1/products", productReadRoutes)
    .route("/api/v1/products", productWriteRoutes)
    .route("/api/v1/products", inventoryRoutes)
    .route("/api/v1/products", productRecommendationRoutes)
    .route("/api/v1/recommendations", personalRecommendationRoutes)
    .route("/api/v1/products", productReviewRoutes)
    .route("/api/v1/reviews", reviewRoutes)
    .route("/api/v1/cart", cartRoutes)
    .route("/api/v1/addresses", addressRoutes)
    .route("/api/v1/payment-methods", paymentMethodRoutes)
    .route("/api/v1/orders", orderRoutes)
    .route("/api/v1/orders", orderReadRoutes)
    .route("/api/v1/orders", trackingRoutes)
    .route("/api/v1/admin/orders", fulfilmentRoutes)
    .route("/api/v1/admin/dead-letters", deadLetterRoutes)
    .route("/api/v1/admin/jobs", recommendationJobRoutes)
    .route("/api/v1/admin/reviews", adminReviewRoutes)
    .route("/api/v1/admin/customers", adminCardAttemptRoutes)
    .route("/api/v1/webhooks/carrier", carrierWebhookRoutes)
    .route("/api/v1/events", searchEventRoutes);

  documentOperations(app);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Edge Commerce API",
      version: "1.0.0",
      description: "An Amazon-style store on Cloudflare Workers. Errors are `{ error: { type, code, message, requestId } }`.",
    },
  });
  // The reference page works offline: its script comes from our own assets, not a CDN, and
  // nothing it does by default reaches Scalar's servers (web fonts, the agent's API registry
  // through proxy.scalar.com, telemetry). test/e2e/docs-offline.e2e.ts fails on any such request.
  app.get(
    "/docs",
    Scalar({
      url: "/openapi.json",
      pageTitle: "Edge Commerce API",
      cdn: "/vendor/scalar/standalone.js",
      withDefaultFonts: false,
      agent: { disabled: true },
      telemetry: false,
      showDeveloperTools: "never",
      customCss: DOCS_FONTS,
    }),
  );

  app.onError(onError);
  app.notFound(onNotFound);
  return routes;
};

export type AppType = ReturnType<typeof createApp>;
