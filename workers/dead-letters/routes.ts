// Dead letters (helper): admins list and replay.
import { newRouter } from "../shared/app-env";

export const deadLetterRoutes = newRouter();
