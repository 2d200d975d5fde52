// Polling, the fallback when the tracking socket cannot be used: runs `tick` every few seconds
// (skipped while the page is hidden, run at once when it shows again) until stopped.
export const poll = (tick: () => Promise<void>, everyMs = 5000): { stop(): void } => {
  let stopped = false;
  let running = false;
  let timer = 0;
  const run = async () => {
    if (stopped) return;
    running = true;
    if (!document.hidden) {
      try {
        await tick();
      } catch {
        /* the next tick tries again; the page shows its last known state */
      }
    }
    running = false;
    if (!stopped) timer = window.setTimeout(() => void run(), everyMs);
  };
  const onVisible = () => {
    if (document.hidden || stopped || running) return;
    window.clearTimeout(timer);
    void run();
  };
  document.addEventListener("visibilitychange", onVisible);
  timer = window.setTimeout(() => void run(), everyMs);
  return {
    stop() {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    },
  };
};
