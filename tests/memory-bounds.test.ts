// A flood of distinct large documents cannot make the server hold more than its configured cache budgets.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floodDocument, floodShapes } from '../scripts/flood-documents.ts';
import { bytesIn, loadConfig } from '../src/config.ts';
import { compilableDocuments } from '../src/modules/embed/documents.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';
import { acceptJson, postGraphQL } from './support/graphql.ts';

// The heap is weighed after full collections, as the budgets were calibrated (src/graphql/heap-size.ts).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heapUsed = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const DOCUMENT_SIZE = 95_000;
const budgetsMb = { CACHE_DOCUMENTS_MB: 2, CACHE_COMPILED_MB: 1, CACHE_STATEMENTS_MB: 0.3, CACHE_RESPONSES_MB: 1 };

let t: TestApp;
let sent = 0;

/** Sends `count` new documents of the flood's mix, four at a time; returns the statuses seen. */
async function flood(count: number): Promise<Set<number>> {
  const statuses = new Set<number>();
  const end = sent + count;
  const worker = async () => {
    while (sent < end) {
      const { query } = floodDocument(sent++, DOCUMENT_SIZE);
      const res = await postGraphQL(t.app, { query }, acceptJson);
      await res.arrayBuffer();
      statuses.add(res.status);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return statuses;
}

beforeAll(async () => {
  const env = Object.fromEntries(Object.entries(budgetsMb).map(([name, mb]) => [name, String(mb)]));
  t = await createTestApp({ env, responseCache: {}, compiledDocuments: compilableDocuments });
  // The response cache stores nothing until it listens for changes: wait until a repeated read is a hit.
  const probe = '{ organisations(first: 1) { totalCount } }';
  await eventually(async () => (await postGraphQL(t.app, { query: probe }, acceptJson)).headers.get('x-cache') === 'HIT');
});
afterAll(() => t?.close());

describe('a flood of distinct ~95 KB documents', () => {
  it('keeps every cache anonymous requests fill within its configured budget, and each of them in use', async () => {
    const statuses = await flood(200);
    expect([...statuses].filter((status) => status !== 200 && status !== 400)).toEqual([]);

    const sizes = t.app.cacheSizes();
    const caches = { documents: sizes.documents, compiled: sizes.compiled!, statements: sizes.statements!, responses: sizes.responses! };
    const budgets = {
      documents: budgetsMb.CACHE_DOCUMENTS_MB,
      compiled: budgetsMb.CACHE_COMPILED_MB,
      statements: budgetsMb.CACHE_STATEMENTS_MB,
      responses: budgetsMb.CACHE_RESPONSES_MB,
    };
    for (const [name, size] of Object.entries(caches)) {
      const budget = bytesIn(budgets[name as keyof typeof budgets]);
      expect({ name, maxBytes: size.maxBytes }).toEqual({ name, maxBytes: budget });
      expect({ name, withinBudget: size.bytes <= budget }).toEqual({ name, withinBudget: true });
      expect({ name, holdsEntries: size.entries > 0 }).toEqual({ name, holdsEntries: true });
    }
    // Each ~95 KB document counts at least its text twice over, so the parse cache is full and evicting.
    expect(caches.documents.bytes).toBeGreaterThan(caches.documents.maxBytes / 2);
    expect(caches.documents.entries).toBeLessThan(200 / 2);
  });

  it('holds no more heap than the budgets say, once the caches are full (the sizes are honest)', async () => {
    await flood(Object.keys(floodShapes).length * 4);
    const before = heapUsed();
    const statuses = await flood(Object.keys(floodShapes).length * 30);
    const grown = heapUsed() - before;
    expect([...statuses].filter((status) => status !== 200 && status !== 400)).toEqual([]);
    // Yoga's own caches (1,024 documents and 1,024 errors, whatever each holds) grew by hundreds of megabytes
    // here; full caches at their budgets should grow by nothing but noise.
    const budgets = bytesIn(Object.values(budgetsMb).reduce((sum, mb) => sum + mb, 0));
    expect(grown).toBeLessThan(budgets + bytesIn(8));
  });
});

describe('the budgets', () => {
  it('are checked at start, naming the variable', () => {
    expect(() => loadConfig({ CACHE_DOCUMENTS_MB: 'lots' })).toThrow(/CACHE_DOCUMENTS_MB/);
    expect(() => loadConfig({ CACHE_RESPONSES_MB: '0' })).toThrow(/CACHE_RESPONSES_MB/);
    expect(loadConfig({}).CACHE_COMPILED_MB).toBe(12);
  });
});
