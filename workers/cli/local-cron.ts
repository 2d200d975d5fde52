// The Cron Trigger under `npm start`: `wrangler dev` never fires crons by itself, so the safety
// nets (outbox re-sends, payment deadlines, recommendations) would not run in development.
// `wrangler dev --test-scheduled` exposes /__scheduled, which runs the scheduled handler once;
// this calls it every minute, one short log line per run, and survives every failure.
// No Node APIs: the clock and fetch are injected, so a unit test drives it with fakes.

export const CRON_INTERVAL_MS = 60_000;

/** `npm start`'s wrangler dev: --test-scheduled adds the trigger below (to the dev server only, never to a deploy). */
export const wranglerDevArgs = (port: string): string[] => ["dev", "--port", port, "--test-scheduled"];

/** The trigger `wrangler dev --test-scheduled` serves (the cron expression is wrangler.toml's). */
export const scheduledUrl = (origin: string, cron = "* * * * *"): string =>
  `${origin.replace(/\/$/, "")}/__scheduled?cron=${cron.replaceAll(" ", "+")}`;

export interface LocalCronDeps {
  url: string;
  fetch: (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;
  /** Calls `run` every `ms` until the returned function is called (setInterval in production). */
  every: (ms: number, run: () => void) => () => void;
  now: () => number;
  log: (line: string) => void;
  intervalMs?: number;
}

export interface LocalCron {
  /** One run now (what each tick does); resolves when it is over, never rejects. */
  runOnce: () => Promise<void>;
  stop: () => void;
}

export const startLocalCron = (deps: LocalCronDeps): LocalCron => {
  let running = false;
  let runs = 0;
  const runOnce = async () => {
    if (running) {
      deps.log("cron: the previous run is still going; this minute is skipped");
      return;
    }
    running = true;
    const n = ++runs;
    const started = deps.now();
    try {
      const res = await deps.fetch(deps.url);
      const ms = deps.now() - started;
      if (res.ok) deps.log(`cron: run ${n} done in ${ms} ms`);
      else deps.log(`cron: run ${n} failed (HTTP ${res.status}: ${(await res.text()).slice(0, 200).trim()}); next in a minute`);
    } catch (e) {
      deps.log(`cron: run ${n} could not reach ${deps.url} (${e instanceof Error ? e.message : String(e)}); next in a minute`);
    } finally {
      running = false;
    }
  };
  const cancel = deps.every(deps.intervalMs ?? CRON_INTERVAL_MS, () => void runOnce());
  return { runOnce, stop: cancel };
};
