// Fulfilment (helper): admin ship / out for delivery / deliver.
import { newRouter } from "../shared/app-env";

export const fulfilmentRoutes = newRouter();
