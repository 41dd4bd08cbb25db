// How statements are planned on PostgreSQL: searches for their own words each time, everything else once per connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { eq, sql } from 'drizzle-orm';
import { caseStudies } from '../schema/case-studies.ts';
import { createDb, poolPreparingBudget, preparingBudget, type Db, type DbHandle } from '../src/db.ts';
import { compileDocument } from '../src/graphql/compiled/compile.ts';
import { runCompiled } from '../src/graphql/compiled/middleware.ts';
import { schema } from '../src/graphql/schema.ts';
import { createCaseStudy } from '../seed/factories.ts';
import { openTestDatabase } from './support/database.ts';
import { postGraphQL } from './support/graphql.ts';

// PGlite sends every query unnamed (planned each time); CI's PostgreSQL run covers this file.
describe.skipIf(!process.env.TEST_DATABASE_URL)('prepared statements', () => {
  let owner: DbHandle;
  let handle: DbHandle;
  const search = `query($q: String!) { caseStudies(search: $q, first: 10) { nodes { slug title } } }`;
  const bySlug = `query($slug: String!) { caseStudy(slug: $slug) { slug title } }`;

  beforeAll(async () => {
    owner = await openTestDatabase();
    const o = owner.postgres!.options;
    // One connection, so pg_prepared_statements (which is per session) shows what every statement did.
    handle = await createDb({ DATABASE_URL: `postgres://${o.user}@${o.host[0]}:${o.port[0]}/${o.database}`, DATABASE_POOL_SIZE: 1 });
    for (const [slug, title] of [
      ['jury', 'Citizens jury on data'],
      ['panel', 'Citizens panel on AI'],
      ['assembly', 'Youth assembly'],
    ])
      await createCaseStudy({ db: handle.db, slug, title });
  });
  afterAll(async () => {
    await handle?.close();
    await owner?.close();
  });

  const prepared = async () =>
    (await handle.postgres!.unsafe<{ statement: string }[]>(`SELECT statement FROM pg_prepared_statements`)).map((r) => r.statement);

  it('sessions run without JIT or parallel workers (many short statements at once, not one big one)', async () => {
    const [row] = await handle.postgres!.unsafe<{ jit: string; workers: string }[]>(
      `SELECT current_setting('jit') AS jit, current_setting('max_parallel_workers_per_gather') AS workers`,
    );
    expect(row).toEqual({ jit: 'off', workers: '0' });
  });

  it('a compiled search is planned each time for its words; a compiled lookup is prepared', async () => {
    // More than five runs: from the sixth PostgreSQL may switch a prepared statement to a generic plan.
    for (let i = 0; i < 7; i++) {
      expect(
        JSON.parse((await runCompiled(handle, compileDocument(schema, search)!, { q: 'citizens' })).body).data.caseStudies.nodes,
      ).toHaveLength(2);
      expect(
        JSON.parse((await runCompiled(handle, compileDocument(schema, bySlug)!, { slug: 'assembly' })).body).data.caseStudy.title,
      ).toBe('Youth assembly');
    }
    const statements = await prepared();
    expect(statements.filter((s) => s.includes('websearch_to_tsquery'))).toEqual([]);
    expect(statements.filter((s) => s.includes('json_build_object')).length).toBeGreaterThanOrEqual(1);
  });

  it('so is a search through GraphQL execution (a signed-in reader, or a document the compiler declines)', async () => {
    // Without compiledDocuments (or a response cache) every request is executed by Pothos.
    const app = createApp({ handle, config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }) });
    const ask = async (query: string, variables: object) => {
      const res = await postGraphQL(app, { query, variables });
      expect(res.headers.get('server-timing') ?? '').not.toContain('compiled');
      return ((await res.json()) as any).data.caseStudies.nodes;
    };
    const before = await prepared();
    for (let i = 0; i < 7; i++) expect(await ask(search, { q: 'citizens' })).toHaveLength(2);
    const afterSearch = await prepared();
    expect(afterSearch.filter((s) => s.includes('websearch_to_tsquery'))).toEqual([]);
    expect(afterSearch).toEqual(before);
    // The same list without a search is drizzle's usual statement, prepared once.
    for (let i = 0; i < 2; i++) expect(await ask(`{ caseStudies(first: 10) { nodes { slug title } } }`, {})).toHaveLength(3);
    const added = (await prepared()).filter((s) => !before.includes(s));
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('case_studies');
  });

  it('every compiled statement the app was given is prepared, with variables or without (a document without has no parameters)', async () => {
    const withoutVariables = `query Listed { caseStudies(first: 5) { nodes { slug title } } }`;
    const withVariables = `query Looked($slug: String!) { caseStudy(slug: $slug) { slug summary } }`;
    const app = createApp({
      handle,
      config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
      compiledDocuments: [withoutVariables, withVariables],
    });
    const ask = async (query: string, variables?: object) => {
      const res = await postGraphQL(app, { query, ...(variables ? { variables } : {}) });
      expect(res.headers.get('server-timing') ?? '').toContain('compiled');
      return ((await res.json()) as any).data;
    };
    const before = await prepared();
    // Twice each: the second run must reuse the statement the first prepared, not prepare another.
    for (let i = 0; i < 2; i++) {
      expect((await ask(withoutVariables)).caseStudies.nodes).toHaveLength(3);
      expect((await ask(withVariables, { slug: 'jury' })).caseStudy.slug).toBe('jury');
    }
    const added = (await prepared()).filter((s) => !before.includes(s));
    expect(added).toHaveLength(2);
    // The one without variables has no placeholder at all: it was sent prepared all the same.
    expect(added.filter((s) => !s.includes('$1'))).toHaveLength(1);
    expect(added.every((s) => s.includes('json_build_object') && s.includes('case_studies'))).toBe(true);
  });

  it('statements inside a transaction (every write) and a savepoint are prepared, as outside one', async () => {
    const before = await prepared();
    const slugs = async (tx: Db, marker: string) =>
      (await tx.select({ slug: caseStudies.slug }).from(caseStudies).where(eq(caseStudies.title, marker))).length;
    for (let i = 0; i < 2; i++) {
      await handle.db.transaction(async (tx) => {
        expect(await slugs(tx as unknown as Db, 'Youth assembly')).toBe(1);
        await tx.transaction(async (inner) => expect(await slugs(inner as unknown as Db, 'no such title')).toBe(0));
      });
    }
    // postgres.js prepares its own `savepoint "s0"` (a tagged template); the query is ours: one text, prepared once
    // and reused in the transaction, in its savepoint and in the second transaction.
    const added = (await prepared()).filter((s) => !before.includes(s) && s.includes('case_studies'));
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('"case_studies"."title" = $1');
  });

  it('a transaction through the preparing proxy commits only if no statement failed, caught or not; a savepoint rolls back alone', async () => {
    // A session setting made with set_config(…, false) lasts past the transaction only if the transaction commits.
    const marker = async () =>
      (await handle.postgres!.unsafe<{ v: string | null }[]>(`SELECT current_setting('ed.marker', true) AS v`))[0]!.v;
    const mark = (tx: Db, value: string) => tx.execute(sql`SELECT set_config('ed.marker', ${value}, false)`);
    const failing = (tx: Db) => tx.execute(sql`SELECT 1 / 0`);
    await expect(
      handle.db.transaction(async (tx) => {
        await mark(tx as unknown as Db, 'caught');
        await failing(tx as unknown as Db).catch(() => 'ignored');
        return 'done';
      }),
    ).rejects.toThrow();
    expect(await marker()).not.toBe('caught');
    // A failure inside a savepoint rolls back to it, and the transaction goes on to commit.
    await handle.db.transaction(async (tx) => {
      await expect(tx.transaction(async (sp) => failing(sp as unknown as Db))).rejects.toThrow(/Failed query/);
      await mark(tx as unknown as Db, 'committed');
    });
    expect(await marker()).toBe('committed');
  });

  it('a document an anonymous client sends as text runs unnamed on the compiled path; one the app was given is prepared', async () => {
    const given = `query Given($slug: String!) { caseStudy(slug: $slug) { slug title startDate } }`;
    const app = createApp({ handle, config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }), compiledDocuments: [given] });
    const ask = async (query: string) => {
      const res = await postGraphQL(app, { query, variables: { slug: 'panel' } });
      expect(res.headers.get('server-timing') ?? '').toContain('compiled');
      expect(((await res.json()) as any).data.caseStudy.title).toBe('Citizens panel on AI');
    };
    const before = await prepared();
    // Distinct texts, as a flood sends them: none may stay on the connection for its life.
    for (let i = 0; i < 3; i++) await ask(`query AdHoc${i}($slug: String!) { caseStudy(slug: $slug) { slug title summary } }`);
    expect((await prepared()).filter((s) => !before.includes(s))).toEqual([]);
    await ask(given);
    expect((await prepared()).filter((s) => !before.includes(s))).toHaveLength(1);
  });
});

describe('the preparing budget', () => {
  it('prepares texts until their bytes reach the bound, keeps preparing those, sends later new ones and every search unnamed', () => {
    const worth = preparingBudget(30);
    expect(worth('SELECT 1 AS a')).toBe(true); // 13 bytes
    expect(worth('SELECT 2 AS b')).toBe(true); // 26
    expect(worth('SELECT 3 AS c')).toBe(false); // would be 39
    expect(worth('SELECT 1 AS a')).toBe(true);
    expect(worth('SELECT 4')).toBe(false); // 34: the bound holds for small ones too
    expect(worth("SELECT websearch_to_tsquery('x')")).toBe(false);
    expect(preparingBudget(1_000)("SELECT websearch_to_tsquery('x')")).toBe(false);
  });

  it("counts a pool's texts once for every connection that may prepare them, with postgres.js's record of each", () => {
    // Room for one 20-character text on 10 connections: 10 x (2 x 20 + 1024) bytes.
    const worth = poolPreparingBudget(10_640, 10);
    expect(worth('SELECT 1 AS aaaaaaaa')).toBe(true);
    expect(worth('SELECT 2 AS bbbbbbbb')).toBe(false);
    expect(worth('SELECT 1 AS aaaaaaaa')).toBe(true);
    expect(poolPreparingBudget(10_640, 11)('SELECT 1 AS aaaaaaaa')).toBe(false);
  });
});
