// What every operation in the OpenAPI document carries whatever its route file says: a stable
// operationId (client generators name their methods after it) and the 500 answer. Applied to
// the root app's registry once all routes are mounted, so no route file repeats them.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { internalErrorResponse } from "./openapi";

/** "METHOD /path" → operationId. A new route needs a line here (a test names the missing ones). */
export const OPERATION_IDS: Readonly<Record<string, string>> = {
  "GET /healthz": "getHealth",
  "POST /api/v1/auth/register": "register",
  "POST /api/v1/auth/login": "logIn",
  "GET /api/v1/auth/me": "getCurrentUser",
  "GET /api/v1/categories": "listCategories",
  "GET /api/v1/products/search": "searchProducts",
  "GET /api/v1/products/suggest": "suggestProducts",
  "GET /api/v1/products": "listProducts",
  "POST /api/v1/products": "createProduct",
  "GET /api/v1/products/{id}": "getProduct",
  "PATCH /api/v1/products/{id}": "updateProduct",
  "DELETE /api/v1/products/{id}": "deleteProduct",
  "GET /api/v1/products/{id}/inventory": "getStock",
  "PUT /api/v1/products/{id}/inventory": "setStock",
  "POST /api/v1/products/{id}/inventory/restock": "restock",
  "GET /api/v1/products/{id}/recommendations": "listProductRecommendations",
  "GET /api/v1/recommendations": "listPersonalRecommendations",
  "GET /api/v1/products/{id}/reviews": "listReviews",
  "POST /api/v1/products/{id}/reviews": "submitReview",
  "POST /api/v1/reviews/{review_id}/helpful": "voteReviewHelpful",
  "DELETE /api/v1/reviews/{review_id}/helpful": "withdrawHelpfulVote",
  "POST /api/v1/reviews/{review_id}/reply": "replyToReview",
  "GET /api/v1/cart": "getCart",
  "DELETE /api/v1/cart": "clearCart",
  "POST /api/v1/cart/items": "addCartItem",
  "PATCH /api/v1/cart/items/{product_id}": "updateCartItem",
  "DELETE /api/v1/cart/items/{product_id}": "removeCartItem",
  "GET /api/v1/addresses": "listAddresses",
  "POST /api/v1/addresses": "createAddress",
  "GET /api/v1/addresses/{id}": "getAddress",
  "DELETE /api/v1/addresses/{id}": "deleteAddress",
  "GET /api/v1/payment-methods": "listPaymentMethods",
  "POST /api/v1/payment-methods": "addPaymentMethod",
  "DELETE /api/v1/payment-methods/{id}": "deletePaymentMethod",
  "GET /api/v1/orders": "listOrders",
  "POST /api/v1/orders": "placeOrder",
  "GET /api/v1/orders/{id}": "getOrder",
  "POST /api/v1/orders/{id}/cancel": "cancelOrder",
  "POST /api/v1/orders/live/ticket": "createTrackingTicket",
  "GET /api/v1/orders/live/socket": "openTrackingSocket",
  "POST /api/v1/admin/orders/{id}/ship": "shipOrder",
  "POST /api/v1/admin/orders/{id}/out-for-delivery": "markOutForDelivery",
  "POST /api/v1/admin/orders/{id}/deliver": "markDelivered",
  "GET /api/v1/admin/dead-letters": "listDeadLetters",
  "GET /api/v1/admin/dead-letters/{id}": "getDeadLetter",
  "POST /api/v1/admin/dead-letters/{id}/replay": "replayDeadLetter",
  "POST /api/v1/admin/jobs/recommendations": "runRecommendationsJob",
  "POST /api/v1/admin/reviews/{review_id}/hide": "hideReview",
  "POST /api/v1/admin/reviews/{review_id}/unhide": "unhideReview",
  "GET /api/v1/admin/customers/{id}/card-attempts": "listCustomerCardAttempts",
  "POST /api/v1/webhooks/carrier": "receiveCarrierEvent",
  "POST /api/v1/events": "recordSearchEvents",
};

export const operationKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/** Gives each registered route its operationId and the 500 response (call after mounting every route). */
export const documentOperations = (app: Pick<OpenAPIHono, "openAPIRegistry">): void => {
  for (const def of app.openAPIRegistry.definitions) {
    if (def.type !== "route") continue;
    const { route } = def;
    route.operationId ??= OPERATION_IDS[operationKey(route.method, route.path)];
    route.responses[500] ??= internalErrorResponse;
  }
};
