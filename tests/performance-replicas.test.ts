// Read replicas (PostgreSQL only): anonymous reads go to DATABASE_REPLICA_URLS, writes and signed-in reads to the primary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb, type DbHandle } from '../src/db.ts';
import { createOrganisation } from '../seed/factories.ts';
import { openTestDatabase } from './support/database.ts';
import { postGraphQL } from './support/graphql.ts';

// PGlite is one embedded database with no replicas; CI's PostgreSQL run covers this file.
describe.skipIf(!process.env.TEST_DATABASE_URL)('read replicas', () => {
  let primary: DbHandle;
  let handle: DbHandle;
  const document = `{ organisations(first: 5) { nodes { name } } }`;

  beforeAll(async () => {
    primary = await openTestDatabase();
    const o = primary.postgres!.options;
    // The same database stands in for its replica: what is checked is where each statement is sent.
    const url = `postgres://${o.user}@${o.host[0]}:${o.port[0]}/${o.database}`;
    handle = await createDb({ DATABASE_URL: url, DATABASE_REPLICA_URLS: [url], DATABASE_POOL_SIZE: 2 });
    await createOrganisation({ db: handle.db, name: 'Replicated' });
  });
  afterAll(async () => {
    await handle?.close();
    await primary?.close();
  });

  const app = (compiled = false) =>
    createApp({
      handle,
      config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
      verifyToken: async () => ({ accountId: 1, organisationId: 1, tokenId: 1, scopes: new Set() }),
      ...(compiled ? { compiledDocuments: [document] } : {}),
    });
  const ask = async (a: ReturnType<typeof app>, headers: Record<string, string> = {}) => {
    const before = { all: handle.statements.count, replica: handle.replicaStatements.count };
    const res = await postGraphQL(a, { query: document }, headers);
    const body = (await res.json()) as any;
    return { body, all: handle.statements.count - before.all, replica: handle.replicaStatements.count - before.replica };
  };

  it('sends an anonymous query to a replica, in one statement', async () => {
    const r = await ask(app());
    expect(r.body.data.organisations.nodes).toEqual([{ name: 'Replicated' }]);
    expect(r).toMatchObject({ all: 1, replica: 1 });
  });

  it('keeps signed-in reads on the primary, so editors see their own writes', async () => {
    const r = await ask(app(), { authorization: 'Bearer edir_anything' });
    expect(r.body.data.organisations.nodes).toEqual([{ name: 'Replicated' }]);
    expect(r).toMatchObject({ all: 1, replica: 0 });
  });

  it('writes to the primary', async () => {
    const before = handle.replicaStatements.count;
    await createOrganisation({ db: handle.db, name: 'Written' });
    expect(handle.replicaStatements.count).toBe(before);
  });

  it('serves compiled documents from a replica too', async () => {
    const r = await ask(app(true));
    expect(r.body.data.organisations.nodes.map((n: any) => n.name)).toContain('Written');
    expect(r).toMatchObject({ all: 1, replica: 1 });
  });

  it('keeps compiled signed-in reads on the primary too', async () => {
    const r = await ask(app(true), { authorization: 'Bearer edir_anything' });
    expect(r.body.data.organisations.nodes.map((n: any) => n.name)).toContain('Written');
    expect(r).toMatchObject({ all: 1, replica: 0 });
  });
});
