// Checking a calendar URL: https (http only when the operator allows it), no credentials, no blocked IP literal.
import type { Config } from '../../config.ts';
import { createAddressGuard } from '../webhooks/address-guard.ts';
import { ipLiteralOf, type UrlPolicy } from '../webhooks/endpoint-url.ts';

export const MAX_URL_LENGTH = 2000;

/**
 * Why `raw` may not be a calendar's URL (or another fetched feed's: `fetched` names what, for the refusal), or null when it may. `webcal://`, which calendar programs offer for
 * subscribing, is read as https. A host name is not resolved here: the fetch checks every address it resolves to.
 */
export function refusalOfFeedUrl(raw: string, policy: UrlPolicy, fetched = 'calendars'): string | null {
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(normaliseFeedUrl(raw));
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// (or webcal://) URL';
  if (url.protocol === 'http:' && !policy.allowHttp) return `must be an https:// URL (this directory does not fetch ${fetched} over http)`;
  if (url.username || url.password) return 'must not carry a user name or password';
  const ip = ipLiteralOf(url);
  if (ip && !policy.guard.allows(ip)) return 'points at a private, loopback, link-local or otherwise reserved address';
  return null;
}

/** The URL as stored and fetched: trimmed, `webcal://` as `https://`. */
export const normaliseFeedUrl = (raw: string) => raw.trim().replace(/^webcals?:\/\//i, 'https://');

/** The operator's policy, from CALENDAR_ALLOWED_ADDRESSES and CALENDAR_ALLOW_HTTP. */
export const feedUrlPolicyOf = (config: Pick<Config, 'CALENDAR_ALLOWED_ADDRESSES' | 'CALENDAR_ALLOW_HTTP'>): UrlPolicy => ({
  guard: createAddressGuard(config.CALENDAR_ALLOWED_ADDRESSES),
  allowHttp: config.CALENDAR_ALLOW_HTTP,
});
