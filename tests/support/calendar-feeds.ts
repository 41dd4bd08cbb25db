// A calendar host on 127.0.0.1 serving .ics fixtures with ETags (304 on If-None-Match), and a poller over a test app.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/log.ts';
import { feedUrlPolicyOf } from '../../src/modules/calendars/feed-url.ts';
import { createCalendarPoller, type CalendarPollerOptions } from '../../src/modules/calendars/poller.ts';
import type { TestApp } from './app.ts';

/** What a test app needs to fetch feeds from a server on 127.0.0.1. */
export const localFeedEnv = { CALENDAR_ALLOWED_ADDRESSES: '127.0.0.1', CALENDAR_ALLOW_HTTP: 'true' };

export const fixture = (name: string) => readFileSync(new URL(`../fixtures/calendars/${name}`, import.meta.url), 'utf8');

export interface FeedServer {
  url: string;
  /**
   * What each path serves now. `etag: false` answers without an ETag, as some hosts do; `lastModified` sends that
   * header (and answers 304 to a matching If-Modified-Since); `redirect` answers 302 to it; `delayMs` waits first.
   */
  feeds: Map<string, { body: string; etag?: boolean; lastModified?: string; redirect?: string; delayMs?: number }>;
  requests: { path: string; status: number; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const s: FeedServer = {
    url: '',
    feeds: new Map(),
    requests: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const feed = s.feeds.get(path);
    const answer = (status: number, headers: Record<string, string> = {}, body?: string) => {
      s.requests.push({ path, status, headers: req.headers });
      res.writeHead(status, headers).end(body);
    };
    if (!feed) return answer(404);
    if (feed.redirect) return answer(302, { location: feed.redirect });
    const etag = `"${createHash('sha1').update(feed.body).digest('hex')}"`;
    const validators = { ...(feed.etag === false ? {} : { etag }), ...(feed.lastModified ? { 'last-modified': feed.lastModified } : {}) };
    if (feed.etag !== false && req.headers['if-none-match'] === etag) return answer(304, validators);
    if (feed.lastModified && req.headers['if-modified-since'] === feed.lastModified) return answer(304, validators);
    setTimeout(() => answer(200, { 'content-type': 'text/calendar; charset=utf-8', ...validators }, feed.body), feed.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return s;
}

/** A poller over the app's database, not started: tests call pollDue. */
export const testPoller = (app: TestApp, o: Partial<CalendarPollerOptions> = {}) =>
  createCalendarPoller({
    handle: app.handle,
    logger: createLogger('silent'),
    policy: feedUrlPolicyOf(app.config),
    pollMinutes: app.config.CALENDAR_POLL_MINUTES,
    ...o,
  });
