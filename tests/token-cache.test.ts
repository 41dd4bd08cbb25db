// Verified tokens are remembered briefly, so a signed-in read costs one statement; any change to access is in force at once.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../schema/editorial.ts';
import { hashToken } from '../src/modules/accounts/tokens.ts';
import { ConsoleClient } from './support/console.ts';
import { idOf } from './support/graphql.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import type { TestApp } from './support/app.ts';
import { eventually } from './support/eventually.ts';

let app: TestApp;
let cast: Cast;
beforeAll(async () => {
  ({ app, cast } = await createEditorialApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } }));
});
afterAll(() => app.close());

const read = `{ organisations(first: 2) { nodes { name } } }`;
const issue = async (person: 'contributorQ' | 'editorA', name: string) => {
  const res = await app.graphql(
    `mutation($i: CreateTokenInput!) { r: createToken(input: $i) { __typename ... on IssuedToken { id token } } }`,
    {
      i: {
        name,
        email: cast.emails[person],
        organisation: person === 'editorA' ? cast.orgs.hostA.slug : cast.orgs.partnerQ.slug,
        scopes: ['WRITE_ENTRIES'],
      },
    },
    cast.as.adminA,
  );
  expect(res.body.data?.r.__typename, JSON.stringify(res.body)).toBe('IssuedToken');
  return { id: res.body.data!.r.id as string, headers: { authorization: `Bearer ${res.body.data!.r.token}` } };
};

describe('the token cache', () => {
  it('reads a token once: the next signed-in read is one statement, the query alone', async () => {
    const first = await app.graphql(read, {}, cast.as.contributorP);
    expect(first.body.errors).toBeUndefined();
    const again = await app.graphql(read, {}, cast.as.contributorP);
    expect(again.body).toEqual(first.body);
    expect(again.statements).toBe(first.statements - 1);
    expect(again.statements).toBe(1);
  });

  it('keeps what it remembers across an entry edit, which cannot change who may do what', async () => {
    await app.graphql(read, {}, cast.as.contributorP);
    const created = await app.graphql(
      `mutation { r: createMethod(input: { name: "Remembered method" }) { __typename } }`,
      {},
      cast.as.contributorP,
    );
    expect(created.body.data?.r.__typename).toBe('EditResult');
    expect((await app.graphql(read, {}, cast.as.contributorP)).statements).toBe(1);
  });

  it('refuses a token revoked through the API from the very next request', async () => {
    const t = await issue('contributorQ', 'revoke me');
    expect((await app.graphql(read, {}, t.headers)).status).toBe(200);
    expect((await app.graphql(read, {}, t.headers)).statements).toBe(1);
    const revoked = await app.graphql(`mutation($id: ID!) { r: revokeToken(id: $id) { __typename } }`, { id: t.id }, cast.as.adminA);
    expect(revoked.body.data?.r.__typename).toBe('RevokedToken');
    const after = await app.graphql(read, {}, t.headers);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token revoked in the console from the very next request', async () => {
    const t = await issue('contributorQ', 'revoke me in the console');
    await app.graphql(read, {}, t.headers);
    expect((await app.graphql(read, {}, t.headers)).statements).toBe(1);
    const browser = new ConsoleClient(app.app);
    await browser.signIn(cast.emails.adminA, app.config.OUTBOX_DIR!);
    await browser.get('/console/tokens');
    const revoked = await browser.post(`/console/tokens/${idOf(t.id)}/revoke`, {});
    expect(revoked.res.status).toBeLessThan(400);
    expect((await app.graphql(read, {}, t.headers)).status).toBe(401);
  });

  it('refuses the tokens of a removed member from the very next request', async () => {
    const t = await issue('editorA', 'member leaves');
    expect((await app.graphql(read, {}, t.headers)).statements).toBeLessThanOrEqual(2);
    expect((await app.graphql(read, {}, t.headers)).statements).toBe(1);
    const removed = await app.graphql(
      `mutation($e: String!, $o: String!) { r: removeMember(email: $e, organisation: $o) { __typename } }`,
      { e: cast.emails.editorA, o: cast.orgs.hostA.slug },
      cast.as.adminA,
    );
    expect(removed.body.errors).toBeUndefined();
    expect((await app.graphql(read, {}, t.headers)).status).toBe(401);
  });

  it('hears a change made outside this process (an operator at psql) through the database notice', async () => {
    const t = await issue('contributorQ', 'revoked at psql');
    await app.graphql(read, {}, t.headers);
    expect((await app.graphql(read, {}, t.headers)).statements).toBe(1);
    // No interface of this process is involved, on purpose: the write could be any other server's or an operator's.
    await app.handle.db
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(eq(apiTokens.tokenHash, hashToken(t.headers.authorization.slice('Bearer '.length))));
    await eventually(async () => (await app.graphql(read, {}, t.headers)).status === 401, 5_000);
  });

  it('never remembers a refusal: each use of a revoked token is audited', async () => {
    const a = await app.graphql(read, {}, cast.as.revoked);
    const b = await app.graphql(read, {}, cast.as.revoked);
    expect([a.status, b.status]).toEqual([401, 401]);
    // The lookup and its audit row, each time.
    expect(b.statements).toBeGreaterThanOrEqual(2);
  });
});
