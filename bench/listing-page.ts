// A listing page against the GraphQL request it runs, in one process: uncached, repeated (response cache) and 304; medians of 20.
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { persistedDocuments } from '../src/modules/embed/documents.ts';
import { listingDocuments } from '../src/modules/directory/documents.ts';
import { seedCatalogue } from '../seed/load.ts';
import { openTestDatabase } from '../tests/support/database.ts';
import { generateSyntheticDirectory } from '../tests/support/synthetic-directory.ts';

const handle = await openTestDatabase();
await seedCatalogue(handle.db);
const made = await generateSyntheticDirectory(handle.db, 150);
const topic = made.roots[0]!.slug;
const app = createApp({
  handle,
  config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
  responseCache: {},
  compiledDocuments: persistedDocuments.values(),
});
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(path: string, headers: Record<string, string> = {}) {
  const t0 = performance.now();
  const res = await app.request(path, { headers });
  await res.text();
  return { ms: performance.now() - t0, status: res.status, etag: res.headers.get('etag') };
}
const doc = listingDocuments.events;
// Warm both paths (module loading, prepared statements) before measuring.
for (let i = 0; i < 5; i++) await time(`/events?topic=${topic}&q=warm${i}`);
const names = ['pageUncached', 'pageRepeat', 'page304', 'gqlUncached', 'gqlCached', 'pageNoSearch'] as const;
const rows = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<(typeof names)[number], number[]>;
for (let i = 0; i < 20; i++) {
  // uncached: a distinct filter each time (search text that misses), so the GraphQL response cache cannot answer
  const p = `/events?topic=${topic}&q=nomatch${i}`;
  rows.pageUncached.push((await time(p)).ms);
  const again = await time(p);
  rows.pageRepeat.push(again.ms);
  rows.page304.push((await time(p, { 'if-none-match': again.etag! })).ms);
  const g = `/graphql?${new URLSearchParams({ documentId: doc.id, variables: JSON.stringify({ first: 20, filter: { topics: [topic], timeframe: 'UPCOMING' }, search: `nomatch${i}` }) })}`;
  rows.gqlUncached.push((await time(g, { accept: 'application/graphql-response+json' })).ms);
  rows.gqlCached.push((await time(g, { accept: 'application/graphql-response+json' })).ms);
}
// The common case: a topic, no search; the GraphQL answer is then in the response cache, the facet counts are not.
for (let i = 0; i < 20; i++) rows.pageNoSearch.push((await time(`/events?topic=${topic}`)).ms);
for (const [k, v] of Object.entries(rows)) console.log(k.padEnd(14), 'median', median(v).toFixed(1), 'ms');
await handle.close();
