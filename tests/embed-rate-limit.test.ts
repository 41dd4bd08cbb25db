// The per-client rate limit: 429 with Retry-After once a client spends its minute's budget, counted per token.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Viewer } from '../src/modules/access/viewer.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { postGraphQL } from './support/graphql.ts';

let t: TestApp;
const viewer: Viewer = { accountId: 1, organisationId: 1, tokenId: 1, scopes: new Set() };

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' }, verifyToken: async () => viewer });
});
afterAll(() => t.close());

test('the fourth request in a minute is refused with 429 and Retry-After; a token has its own budget', async () => {
  const query = '{ topics(first: 1) { totalCount } }';
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await t.graphql(query)).status);
  expect(statuses).toEqual([200, 200, 200]);

  const refused = await postGraphQL(t.app, { query }, { origin: 'https://partner.example' });
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  // Browsers on partner sites must be able to read the refusal.
  expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  const body = await refused.json();
  expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
  expect(body.error.code).toBe('RATE_LIMITED');

  // The embed pages share the budget: they query the same database.
  expect((await t.app.request('/embed/events')).status).toBe(429);
  // Health probes do not.
  expect((await t.app.request('/healthz')).status).toBe(200);

  expect((await t.graphql(query, {}, { authorization: 'Bearer some-token' })).status).toBe(200);
});
