// Checking a webhook URL: http(s) only, https unless the operator allows http, and no blocked IP literal.
import { isIP } from 'node:net';
import type { Config } from '../../config.ts';
import { createAddressGuard, type AddressGuard } from './address-guard.ts';

export interface UrlPolicy {
  guard: AddressGuard;
  allowHttp: boolean;
}

/** The host as an address when it is an IP literal (`[::1]` without its brackets), else null. */
export function ipLiteralOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : null;
}

/**
 * Why `raw` may not be a webhook URL, or null when it may. A host name is not resolved here: what it resolves
 * to can change, so delivery checks every address it resolves to at the moment of connecting.
 */
export function refusalOfUrl(raw: string, policy: UrlPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// URL';
  if (url.protocol === 'http:' && !policy.allowHttp) return 'must be an https:// URL (this directory does not send webhooks over http)';
  if (url.username || url.password) return 'must not carry a user name or password';
  const ip = ipLiteralOf(url);
  if (ip && !policy.guard.allows(ip)) return 'points at a private, loopback, link-local or otherwise reserved address';
  return null;
}

/** The operator's policy, from WEBHOOK_ALLOWED_ADDRESSES and WEBHOOK_ALLOW_HTTP. */
export const urlPolicyOf = (config: Pick<Config, 'WEBHOOK_ALLOWED_ADDRESSES' | 'WEBHOOK_ALLOW_HTTP'>): UrlPolicy => ({
  guard: createAddressGuard(config.WEBHOOK_ALLOWED_ADDRESSES),
  allowHttp: config.WEBHOOK_ALLOW_HTTP,
});
