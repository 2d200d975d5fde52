// The order API calls the orders pages make (list, one order, cancel, live ticket) and their
// response types, inferred from the Worker's routes so a change in the API breaks the build here.
import type { InferResponseType } from "hono/client";
import { api, call } from "./api";

const byId = api.api.v1.orders[":id"];

export type OrderDetail = InferResponseType<(typeof byId)["$get"], 200>;
export type OrderList = InferResponseType<typeof api.api.v1.orders.$get, 200>;
export type OrderSummary = OrderList["results"][number];
export type LiveTicket = InferResponseType<typeof api.api.v1.orders.live.ticket.$post, 200>;

/** Order ids look like 112-3456789-1234567 (checked before asking the API). */
export const isOrderId = (id: string | null): id is string => id !== null && /^\d{3}-\d{7}-\d{7}$/.test(id);

export const fetchOrder = (id: string): Promise<OrderDetail> => call(byId.$get({ param: { id } }));

export const fetchOrders = (pageToken: string | null, limit = 10): Promise<OrderList> =>
  call(api.api.v1.orders.$get({ query: { limit: String(limit), ...(pageToken ? { page_token: pageToken } : {}) } }));

export const cancelOrder = (id: string) => call(api.api.v1.orders[":id"].cancel.$post({ param: { id } }));

export const liveTicket = (): Promise<LiveTicket> => call(api.api.v1.orders.live.ticket.$post());

/** Statuses after which an order never changes again (live updates stop there). */
export const TERMINAL = new Set(["DELIVERED", "CANCELLED", "FAILED"]);
