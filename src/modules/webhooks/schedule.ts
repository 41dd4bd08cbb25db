// When a failed delivery is tried again: exponential steps over about 18 hours, with jitter, then given up.

/** The wait after the 1st, 2nd, ... failed attempt; after the last, the delivery has failed. */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** The longest a receiver's `Retry-After` may hold a delivery back. */
export const MAX_RETRY_AFTER_MS = 10 * 3_600_000;

/**
 * Milliseconds until the next attempt after attempt `attempt` (1-based) failed, or null when it was the last.
 * Jitter (±20%) spreads the retries of many deliveries that failed together, so a receiver coming back up is
 * not hit by all of them at once. A receiver's `Retry-After` is honoured exactly, up to the cap.
 */
export function nextDelayMs(attempt: number, retryAfterSeconds: number | null, random: () => number = Math.random): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  if (retryAfterSeconds !== null) return Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
  const base = RETRY_DELAYS_MS[attempt - 1]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}
