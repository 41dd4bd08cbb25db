// A crawler from / over the seeded catalogue plus a few hundred synthetic entries: every internal link, <link>, feed,
// embed and oEmbed URL found on the directory's pages answers without a 4xx or 5xx.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateSyntheticDirectory } from './support/synthetic-directory.ts';
import { createSeededTestApp, type TestApp } from './support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createSeededTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
  await generateSyntheticDirectory(t.handle.db, 150);
}, 240_000);
afterAll(() => t.close());

/** The pages this crawler reads for more links: the directory's own HTML (listings, entries, search, home). */
const owned = /^\/(events|case-studies|organisations|methods|topics|search)?(\/[^/?]+)?(\?.*)?$/;
const MAX_URLS = 4000;

/** The calendar links every month to the next, without end: the crawl keeps to a year either side of now. */
function farMonth(url: string): boolean {
  const month = /^\/events\/calendar\?(?:.*&)?month=(\d{4})-(\d{2})/.exec(url);
  if (!month) return false;
  const now = new Date();
  const distance = (Number(month[1]) - now.getUTCFullYear()) * 12 + Number(month[2]) - (now.getUTCMonth() + 1);
  return Math.abs(distance) > 12;
}

const decode = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");

it('finds no broken link from the home page down', async () => {
  const base = t.config.PUBLIC_URL;
  const local = (href: string): string | null => {
    if (href.startsWith('#') || href.startsWith('mailto:')) return null;
    const url = new URL(decode(href), `${base}/`);
    if (url.origin !== base) return null;
    return url.pathname + url.search;
  };
  const seen = new Set<string>(['/']);
  const queue = ['/'];
  const failures: string[] = [];
  const from = new Map<string, string>();
  const visit = (url: string | null, parent: string) => {
    if (!url || seen.has(url) || farMonth(url)) return;
    seen.add(url);
    from.set(url, parent);
    queue.push(url);
  };
  let pages = 0;
  while (queue.length) {
    const url = queue.shift()!;
    expect(seen.size, 'the crawl should converge').toBeLessThan(MAX_URLS);
    const res = await t.app.request(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    if (res.status >= 400) {
      failures.push(`${res.status} ${url} (linked from ${from.get(url)})`);
      continue;
    }
    if (res.status >= 300) {
      visit(local(res.headers.get('location') ?? ''), url);
      continue;
    }
    const type = res.headers.get('content-type') ?? '';
    const path = url.split('?')[0]!;
    if (path === '/oembed') {
      // The embed an oEmbed consumer would load.
      const body = (await res.json()) as { html: string };
      visit(local(body.html.match(/src="([^"]+)"/)![1]!), url);
    } else if (type.startsWith('text/html') && owned.test(url) && !path.startsWith('/embed')) {
      pages++;
      const text = await res.text();
      for (const m of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) visit(local(m[1]!), url);
    } else {
      await res.arrayBuffer();
    }
  }
  const shapes = new Map<string, number>();
  for (const u of seen) {
    const shape = u.replace(/=[^&]*/g, '=').replace(/\/[^/?]+(?=\?|$)/, '/:slug');
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  console.log(seen.size, pages, [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 15));
  expect(failures).toEqual([]);
  // Every kind of page was reached, and the crawl went well beyond the first screen.
  for (const prefix of [
    '/events/',
    '/case-studies/',
    '/organisations/',
    '/methods/',
    '/topics/',
    '/feeds/',
    '/embed',
    '/oembed?',
    '/events/calendar',
    '/assets/',
  ])
    expect(
      [...seen].some((u) => u.startsWith(prefix)),
      prefix,
    ).toBe(true);
  expect(pages).toBeGreaterThan(300);
}, 600_000);
