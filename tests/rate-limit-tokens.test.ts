// Made-up bearer tokens: each is a fresh key and a database lookup, so every 401 also counts against the address.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
const BUDGET = 5;

beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: String(BUDGET) } });
});
afterAll(() => t.close());

test('random tokens get the address’s budget of 401s, then 429 without touching the database', async () => {
  const query = '{ topics(first: 1) { totalCount } }';
  const statuses: number[] = [];
  let statementsAfterBudget = 0;
  for (let i = 0; i < 4 * BUDGET; i++) {
    const r = await t.graphql(query, {}, { authorization: `Bearer ed_${randomBytes(16).toString('hex')}` });
    statuses.push(r.status);
    if (i >= BUDGET) statementsAfterBudget += r.statements;
  }
  expect(statuses.filter((s) => s === 401)).toHaveLength(BUDGET);
  expect(statuses.slice(BUDGET).every((s) => s === 429)).toBe(true);
  // Refused before any token is looked up.
  expect(statementsAfterBudget).toBe(0);
  // Anonymous reads from the address keep their own budget: failures are counted apart.
  expect((await t.graphql(query)).status).toBe(200);
});

test('a flood of random tokens: exactly the budget answered before the first 429, and only that address is refused', async () => {
  const fresh = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: String(BUDGET) } });
  // As @hono/node-server hands the socket to the app: the budget is the address's.
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
  const post = (address: string, authorization?: string) =>
    fresh.app.request(
      '/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: '{ topics(first: 1) { totalCount } }' }),
      },
      from(address),
    );
  try {
    const FLOOD = 200;
    const statuses: number[] = [];
    for (let i = 0; i < FLOOD; i++) statuses.push((await post('198.51.100.9', `Bearer ed_${randomBytes(16).toString('hex')}`)).status);
    const answered = statuses.indexOf(429);
    expect(answered).toBe(BUDGET);
    expect(statuses.slice(answered).every((s) => s === 429)).toBe(true);
    // Another address still has its tokens checked.
    expect((await post('198.51.100.10', 'Bearer ed_unknown')).status).toBe(401);
  } finally {
    await fresh.close();
  }
});

test('a made-up token buys no budget where tokens are not checked: /changes counts by address', async () => {
  const fresh = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: String(BUDGET) } });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < BUDGET + 3; i++) {
      const r = await fresh.app.request('/changes', { headers: { authorization: `Bearer ed_${randomBytes(16).toString('hex')}` } });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, BUDGET).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(BUDGET)).toEqual([429, 429, 429]);
  } finally {
    await fresh.close();
  }
});
