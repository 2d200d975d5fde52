// Cron Trigger work (every minute): filled in with the checkout saga's sweeps.
export const handleScheduled = async (_controller: ScheduledController, _env: Cloudflare.Env, _ctx: ExecutionContext): Promise<void> => {};
