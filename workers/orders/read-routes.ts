// Order reads (helper): the customer's orders and one order with its timeline.
import { newRouter } from "../shared/app-env";

export const orderReadRoutes = newRouter();
