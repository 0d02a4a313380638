/**
 * Runs `task` again and again, one run at a time: the first `firstAfterMs` from now, each next one
 * `everyMs` after the end of the last (a slow run delays the next, never overlaps it). A run that
 * throws is the task's business (it logs what it must); the next comes all the same. `stop()` ends
 * the series and resolves once a run under way has finished, so nothing of it happens after.
 */
export function repeatEvery(
  task: () => Promise<unknown>,
  everyMs: number,
  firstAfterMs = everyMs,
): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = task()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(run, everyMs);
      });
  };
  let timer = setTimeout(run, firstAfterMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
