// Real-time order tracking (helper): WebSocket upgrade to the customer's OrderTrackerDO.
import { newRouter } from "../shared/app-env";

export const trackingRoutes = newRouter();
