// Checkout: POST /orders (Idempotency-Key) and cancel. Transport only.
import { newRouter } from "../shared/app-env";

export const orderRoutes = newRouter();
