// Payment-methods API (helper): cards tokenised by the gateway.
import { newRouter } from "../shared/app-env";

export const paymentMethodRoutes = newRouter();
