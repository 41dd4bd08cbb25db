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
