// Pushes an order's status change to the customer's open pages (their OrderTrackerDO).
// Best effort: a page that misses a push still shows the truth on its next GET.

export interface OrderUpdate {
  orderId: string;
  status: string;
  reason: string | null;
  /** Epoch ms of the change. */
  at: number;
}

export const publishOrderUpdate = async (_env: Cloudflare.Env, _customerId: string, _update: OrderUpdate): Promise<void> => {
  // Replaced by the OrderTrackerDO broadcast (workers/tracking, durable-objects/order-tracker-do.ts).
};
