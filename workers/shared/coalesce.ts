// Single flight with a trailing rerun: while `task` runs, further calls share it and ask for
// one more round afterwards, so the last call's state is always covered by a run that started
// after it. Used for background refreshes that must not pile up.
export const coalesce = (task: () => Promise<void>, onError: (e: unknown) => void): (() => Promise<void>) => {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    const loop = async () => {
      do {
        again = false;
        await task();
      } while (again);
    };
    running = loop()
      .catch(onError)
      .finally(() => (running = null));
    return running;
  };
};
