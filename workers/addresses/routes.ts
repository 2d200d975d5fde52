// Addresses API (helper): customers' shipping addresses.
import { newRouter } from "../shared/app-env";

export const addressRoutes = newRouter();
