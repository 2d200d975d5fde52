// Product search and suggestions: GET /api/v1/products/search and /suggest. Transport only.
import { newRouter } from "../shared/app-env";

export const searchRoutes = newRouter();
