// Search events API (helper): POST /api/v1/events, batched, validated, rate limited, onto a queue.
import { newRouter } from "../shared/app-env";

export const searchEventRoutes = newRouter();
