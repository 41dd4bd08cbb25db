// Waits for something that happens asynchronously (a NOTIFY after a commit), bounded in time.

/** Polls `check` until it holds; fails after `ms`. Under a loaded test run a notification can take a while. */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met within ${ms / 1000} s`);
}

/**
 * Resolves once `count` (a statement counter) has not moved for `quietMs`: work a write started after its answer
 * (review notices are sent after the commit, without holding up the response) is done before a plan is counted.
 */
export async function quiet(count: () => number, quietMs = 200, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  let last = count();
  let since = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 25));
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  throw new Error(`statements still running after ${ms / 1000} s`);
}
