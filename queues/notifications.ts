// Notifications consumer (helper fills in): one email per order fact, idempotent by message id.
export const handleNotifications = async (batch: MessageBatch<unknown>, _env: Cloudflare.Env): Promise<void> => {
  batch.ackAll();
};
