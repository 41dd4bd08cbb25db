// Sign-in requests counted per client address and per email address, in fixed 15-minute windows, in memory.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { LRUCache } from 'lru-cache';
import type { ConsoleEnv } from './env.ts';

const WINDOW_MS = 15 * 60_000;

/** The address the rate limit and the request log use too, so TRUSTED_PROXIES counts here as well. */
export function clientAddress(c: Context<ConsoleEnv>): string {
  // No socket (app.request in tests): one shared bucket.
  return c.get('clientAddress') ?? 'unknown';
}

/** `allow` counts one request against the client address and the email address, and says whether both are within their limits. */
export function createSignInLimiter(limits: { perEmail: number; perAddress: number }) {
  // Made on the first sign-in, not at start: lru-cache allocates all 50,000 slots up front (about 10 ms of CPU, more
  // wall-clock on a busy machine), which every restart paid before listening.
  let table: LRUCache<string, { count: number; resetAt: number }> | undefined;
  const windowsOf = () => (table ??= new LRUCache({ max: 50_000 }));
  return {
    allow(keys: { address: string; email: string }): { allowed: boolean; retryAfterMinutes: number } {
      const now = Date.now();
      const windows = windowsOf();
      let allowed = true;
      let resetAt = now;
      for (const [raw, limit] of [
        [`address:${keys.address}`, limits.perAddress],
        [`email:${keys.email}`, limits.perEmail],
      ] as const) {
        // Hashed so addresses are not held in memory as keys.
        const key = createHash('sha256').update(raw).digest('hex');
        let w = windows.get(key);
        if (!w || w.resetAt <= now) w = { count: 0, resetAt: now + WINDOW_MS };
        w.count += 1;
        windows.set(key, w);
        if (w.count > limit) {
          allowed = false;
          resetAt = Math.max(resetAt, w.resetAt);
        }
      }
      return { allowed, retryAfterMinutes: Math.max(1, Math.ceil((resetAt - now) / 60_000)) };
    },
  };
}
