// A background worker that claims due work in rounds (calendar feeds, other directories): the timer, and a clean stop.
import type { Logger } from '../../log.ts';

/**
 * Runs `round` every `checkMs` (and once at start) until a round finds nothing due. Once stopping, the round under
 * way ends and no other starts, so shutdown waits for one round at most; `pollDue` is also what tests call.
 */
export function inRounds<T>(round: () => Promise<T[]>, o: { checkMs?: number | undefined; logger: Logger; what: string }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopping = false;

  async function pollDue(): Promise<T[]> {
    const all: T[] = [];
    for (;;) {
      const done = await round();
      all.push(...done);
      if (!done.length || stopping) return all;
    }
  }

  function wake() {
    if (busy || !timer) return;
    busy = true;
    running = pollDue()
      .catch((err) => o.logger.error(`${o.what} round failed`, { error: String(err) }))
      .finally(() => {
        busy = false;
      });
  }

  return {
    pollDue,
    start() {
      if (timer) return;
      timer = setInterval(wake, o.checkMs ?? 60_000);
      timer.unref();
      wake();
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
