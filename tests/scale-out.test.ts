// Two server processes on one PostgreSQL (docs/operations.md#several-servers): each serves what the other wrote, fresh,
// from its response cache and its compiled path, and a token revoked on one is refused by the other.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db.ts';
import { initSecretariat } from '../src/modules/accounts/init-secretariat.ts';
import type { TestApp } from './support/app.ts';
import { openTestDatabase, serverUrlOf } from './support/database.ts';
import { publishOrg } from './support/editorial-mutations.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';

const url = process.env.TEST_DATABASE_URL;

/** A server process spoken to over HTTP, in the shape the editorial helpers take. */
const remote = (server: ServerProcess) => {
  const base = `http://127.0.0.1:${server.port}`;
  const post = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { res, body: (await res.json()) as any };
  };
  return {
    base,
    post,
    asTestApp: {
      graphql: async (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => {
        const { res, body } = await post(query, variables, headers);
        return { status: res.status, body, statements: 0 };
      },
    } as unknown as TestApp,
  };
};

describe.skipIf(!url)('two servers on one PostgreSQL', () => {
  let owner: DbHandle;
  let servers: ServerProcess[] = [];
  let a: ReturnType<typeof remote>;
  let b: ReturnType<typeof remote>;
  let hostA: Record<string, string>;
  let hostB: Record<string, string>;
  let hostASlug: string;

  beforeAll(async () => {
    owner = await openTestDatabase();
    // Founding the secretariat is the CLI's service (`npm run cli -- init`), run here on the same database.
    const { hosts } = await initSecretariat({
      db: owner.db,
      hosts: [
        { host: 'Scale host A', adminEmail: 'scale-a@example.org' },
        { host: 'Scale host B', adminEmail: 'scale-b@example.org' },
      ],
    });
    hostA = { authorization: `Bearer ${hosts[0]!.token.token}` };
    hostASlug = hosts[0]!.organisation.slug;
    hostB = { authorization: `Bearer ${hosts[1]!.token.token}` };
    const env = { DATABASE_URL: serverUrlOf.get(owner)!, RATE_LIMIT_PER_MINUTE: '0' };
    servers = await Promise.all([0, 1].map(() => startServer(mkdtempSync(join(tmpdir(), 'ed-scale-')), env)));
    [a, b] = servers.map(remote) as [ReturnType<typeof remote>, ReturnType<typeof remote>];
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await owner?.close();
  });

  const listing = `{ organisations(first: 50, orderBy: NAME) { totalCount nodes { name } } }`;

  it("serves, from the other server's cache, what one server published, as soon as the change is announced", async () => {
    // Fill B's response cache, and check it answers from it.
    await b.post(listing);
    const cached = await b.post(listing);
    expect(cached.res.headers.get('x-cache')).toBe('HIT');
    const before = cached.body.data.organisations.totalCount;

    const published = await publishOrg(a.asTestApp, hostA, hostB, { name: 'Published on server A', kind: 'CHARITY' });
    expect(published.published.publicationState).toBe('PUBLISHED');
    const acknowledged = performance.now();
    // Fresh within the notice's trip: every answer after that shows the new organisation.
    let lagMs = 0;
    for (;;) {
      const now = await b.post(listing);
      if (now.body.data.organisations.totalCount === before + 1) break;
      lagMs = performance.now() - acknowledged;
      expect(lagMs, 'B still served the old listing').toBeLessThan(2_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    const fromA = await a.post(listing);
    const fromB = await b.post(listing);
    expect(fromB.body).toEqual(fromA.body);
    expect(fromB.body.data.organisations.nodes.map((n: { name: string }) => n.name)).toContain('Published on server A');
    console.info(`B served the publication ${Math.round(lagMs)} ms after A acknowledged it`);
  });

  it('refuses on one server a token revoked on the other, as soon as the change is announced', async () => {
    const issued = await a.post(
      `mutation($i: CreateTokenInput!) { r: createToken(input: $i) { __typename ... on IssuedToken { id token } } }`,
      { i: { name: 'two servers', email: 'scale-a@example.org', organisation: hostASlug, scopes: ['READ_DRAFTS'] } },
      hostA,
    );
    expect(issued.body.data?.r.__typename, JSON.stringify(issued.body)).toBe('IssuedToken');
    const token = { authorization: `Bearer ${issued.body.data.r.token}` };
    // B verifies it and remembers it.
    expect((await b.post(listing, {}, token)).res.status).toBe(200);
    expect((await b.post(listing, {}, token)).res.status).toBe(200);
    const revoked = await a.post(`mutation($id: ID!) { r: revokeToken(id: $id) { __typename } }`, { id: issued.body.data.r.id }, hostA);
    expect(revoked.body.data.r.__typename).toBe('RevokedToken');
    const acknowledged = performance.now();
    for (;;) {
      if ((await b.post(listing, {}, token)).res.status === 401) break;
      expect(performance.now() - acknowledged, 'B still honoured the revoked token').toBeLessThan(2_000);
      await new Promise((r) => setTimeout(r, 5));
    }
    console.info(`B refused the revoked token ${Math.round(performance.now() - acknowledged)} ms after A revoked it`);
  });
});
