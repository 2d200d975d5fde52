// Carrier tracking webhook (helper), HMAC-verified.
import { newRouter } from "../shared/app-env";

export const carrierWebhookRoutes = newRouter();
