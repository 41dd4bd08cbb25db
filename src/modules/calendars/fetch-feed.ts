// One conditional GET of a calendar feed: only to addresses the guard allows, bounded in time and size.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockedAddressError } from '../webhooks/address-guard.ts';
import type { UrlPolicy } from '../webhooks/endpoint-url.ts';
import { normaliseFeedUrl, refusalOfFeedUrl } from './feed-url.ts';

export const FETCH_TIMEOUT_MS = 30_000;
/** A year of a busy organisation's events is tens of kilobytes; this bounds what one poll holds in memory. */
export const MAX_FEED_BYTES = 5_000_000;
const MAX_REDIRECTS = 3;

export type FetchOutcome =
  | { kind: 'not_modified' }
  | { kind: 'fetched'; body: string; etag: string | null; lastModified: string | null }
  | { kind: 'failed'; error: string };

export interface FetchOptions {
  url: string;
  policy: UrlPolicy;
  etag?: string | null;
  lastModified?: string | null;
  timeoutMs?: number;
  maxBytes?: number;
  /** What is fetched, as errors name it ("the calendar" unless said), and the Accept header asked with. */
  what?: { name: string; accept: string; userAgent: string };
}

const calendar = { name: 'calendar', accept: 'text/calendar, */*;q=0.5', userAgent: 'EngagementDirectory-calendar' };

/**
 * Redirects are followed (hosting services move feeds), at most three, each target checked like the URL itself
 * and connected to through the guard's lookup, so a redirect cannot reach an address a URL could not.
 */
export async function fetchFeed(o: FetchOptions): Promise<FetchOutcome> {
  const timeoutMs = o.timeoutMs ?? FETCH_TIMEOUT_MS;
  const what = o.what ?? calendar;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = o.url;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const refusal = refusalOfFeedUrl(url, o.policy);
      if (refusal) return { kind: 'failed', error: `The address ${url} ${refusal}.` };
      // A redirect to webcal:// is the https address it stands for, as the check above read it.
      url = normaliseFeedUrl(url);
      const res = await get(url, o, signal);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
        res.resume();
        url = new URL(res.headers.location, url).toString();
        continue;
      }
      if (status === 304) {
        res.resume();
        return { kind: 'not_modified' };
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return { kind: 'failed', error: `The ${what.name}'s server answered ${status}.` };
      }
      const body = await readBounded(res, o.maxBytes ?? MAX_FEED_BYTES);
      if (body === null)
        return { kind: 'failed', error: `The ${what.name} is larger than ${(o.maxBytes ?? MAX_FEED_BYTES) / 1_000_000} MB.` };
      return { kind: 'fetched', body, etag: header(res, 'etag'), lastModified: header(res, 'last-modified') };
    }
    return { kind: 'failed', error: `More than ${MAX_REDIRECTS} redirects.` };
  } catch (err) {
    if (err instanceof BlockedAddressError) return { kind: 'failed', error: err.message.replace('webhooks', `${what.name} feeds`) };
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'failed', error: `No answer within ${timeoutMs / 1000} s.` };
    return { kind: 'failed', error: `Could not fetch the ${what.name}: ${e.message}` };
  }
}

const header = (res: IncomingMessage, name: string) => {
  const v = res.headers[name];
  return typeof v === 'string' && v.length <= 500 ? v : null;
};

function get(url: string, o: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const what = o.what ?? calendar;
  const headers: Record<string, string> = { accept: what.accept, 'user-agent': what.userAgent };
  if (o.etag) headers['if-none-match'] = o.etag;
  if (o.lastModified) headers['if-modified-since'] = o.lastModified;
  return new Promise((resolve, reject) => {
    // Node connects to an IP literal without calling `lookup`: such a host was judged by refusalOfFeedUrl.
    // agent: false: a pooled keep-alive socket (a webhook's, opened under other allowed addresses) is never reused.
    const req = request(target, { method: 'GET', headers, lookup: o.policy.guard.lookup, signal, agent: false });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/** The body as text, or null past `maxBytes` (the rest is not read). */
async function readBounded(res: IncomingMessage, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      res.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
