// Search-events consumer (helper fills in): aggregates events into product_signals, idempotently.
export const handleSearchEvents = async (batch: MessageBatch<unknown>, _env: Cloudflare.Env): Promise<void> => {
  batch.ackAll();
};
