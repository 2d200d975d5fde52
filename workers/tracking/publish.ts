// Pushes an order's status change to the customer's open pages (their OrderTrackerDO).
// Best effort: a page that misses a push still shows the truth on its next GET.

export interface OrderUpdate {
  orderId: string;
  status: string;
  reason: string | null;
  /** Epoch ms of the change. */
  at: number;
}

/** Never throws: the order's truth is in D1, and a saga step must not fail over a live view. */
export const publishOrderUpdate = async (env: Cloudflare.Env, customerId: string, update: OrderUpdate): Promise<void> => {
  try {
    await env.ORDER_TRACKER.getByName(customerId).publish(update);
  } catch (e) {
    console.warn(`order tracking: could not push ${update.orderId} ${update.status} to its customer's pages`, e);
  }
};
