// The totals of unfiltered lists, kept by triggers (published_totals), equal a count of the published entries after
// every kind of write, through Pothos and the compiled path; a filter, a search or a reader of drafts still counts.
import { eq, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '../schema/index.ts';
import { organisationKinds } from '../schema/organisations.ts';
import { createCaseStudy, createMethod, createOrganisation } from '../seed/factories.ts';
import { compileDocument } from '../src/graphql/compiled/compile.ts';
import { runCompiled } from '../src/graphql/compiled/middleware.ts';
import { rowsOf } from '../src/db.ts';
import { schema } from '../src/graphql/schema.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { move, mutate, publishOrg } from './support/editorial-mutations.ts';

const dialect = new PgDialect();
let app: TestApp;
let cast: Cast;

beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
});
afterAll(() => app.close());

const tables = { organisation: 'organisations', case_study: 'case_studies', event: 'events', method: 'methods' } as const;

/** The four lists unnarrowed (events: timeframe ALL, as their default is upcoming), as an API client asks. */
const unfiltered = `{ organisations { totalCount } caseStudies { totalCount } methods { totalCount }
  events(filter: { timeframe: ALL }) { totalCount } }`;

/** The kept totals against a count of each table, and what both paths of the API answer with them. */
async function expectTotalsToBeExact() {
  const counted: Record<string, number> = {};
  for (const [type, table] of Object.entries(tables)) {
    const [row] = await rowsOf<{ n: number }>(
      app.handle.db,
      sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE publication_state = 'published'`,
    );
    counted[type] = row!.n;
  }
  const kept = Object.fromEntries(
    (await rowsOf<{ entry_type: string; count: number }>(app.handle.db, sql`SELECT entry_type, count FROM published_totals`)).map((r) => [
      r.entry_type,
      r.count,
    ]),
  );
  expect(kept).toEqual(counted);
  const pothos = await app.graphql<any>(unfiltered);
  expect(pothos.body.errors).toBeUndefined();
  const expected = {
    organisations: { totalCount: counted.organisation },
    caseStudies: { totalCount: counted.case_study },
    methods: { totalCount: counted.method },
    events: { totalCount: counted.event },
  };
  expect(pothos.body.data).toEqual(expected);
  const compiled = compileDocument(schema, unfiltered)!;
  expect(JSON.parse((await runCompiled(app.handle, compiled, {})).body).data).toEqual(expected);
  return counted;
}

describe('the kept totals of unfiltered lists', () => {
  it('are what the statement reads, for anonymous readers only', () => {
    const compiled = compileDocument(schema, unfiltered)!;
    const text = (reader: { published: boolean }) => dialect.sqlToQuery(compiled.render({}, reader).statement).sql;
    // Four kept totals, no count(*): counting 100k organisations per view is what this replaces.
    expect(text({ published: true }).match(/published_totals/g)).toHaveLength(4);
    expect(text({ published: true })).not.toMatch(/count\(\*\)/);
    // A reader of drafts sees every entry: counted.
    expect(text({ published: false })).not.toMatch(/published_totals/);
    // A filter or a search narrows the list: counted.
    const narrowed = compileDocument(
      schema,
      `{ organisations(filter: { kinds: [CHARITY] }) { totalCount } methods(search: "jury") { totalCount } }`,
    )!;
    expect(dialect.sqlToQuery(narrowed.render({}).statement).sql).not.toMatch(/published_totals/);
  });

  it('follow the editorial workflow: publishing, a draft, an event, archiving', async () => {
    const before = await expectTotalsToBeExact();
    const a = await publishOrg(app, cast.as.editorA, cast.as.reviewerB, { slug: 'total-fenwick', name: 'Fenwick Forum', kind: 'CHARITY' });
    await publishOrg(app, cast.as.editorA, cast.as.reviewerB, { slug: 'total-greave', name: 'Greave Institute', kind: 'UNIVERSITY' });
    // A draft counts nowhere.
    await mutate(
      app,
      'createOrganisation(input: $i)',
      '$i: OrganisationInput!',
      { i: { name: 'Draft Collective', kind: 'CHARITY' } },
      cast.as.editorA,
    );
    const event = await mutate(
      app,
      'createEvent(input: $i)',
      '$i: EventInput!',
      { i: { slug: 'total-event', title: 'A counted event', startsAt: '2020-01-01T10:00:00Z', format: 'ONLINE' } },
      cast.as.editorA,
    );
    const submitted = await move(app, cast.as.editorA, 'submit', event.entryId, event.revision.id);
    expect((await move(app, cast.as.reviewerB, 'approve', event.entryId, submitted.revision.id)).publicationState).toBe('PUBLISHED');
    let now = await expectTotalsToBeExact();
    expect(now.organisation).toBe(before.organisation! + 2);
    expect(now.event).toBe(before.event! + 1);
    // The kept total is the same number a filter that keeps every organisation counts.
    const everyKind = await app.graphql<any>(`query($k: [OrganisationKind!]) { organisations(filter: { kinds: $k }) { totalCount } }`, {
      k: organisationKinds.map((k) => k.toUpperCase()),
    });
    expect(everyKind.body.errors).toBeUndefined();
    expect(everyKind.body.data.organisations.totalCount).toBe(now.organisation);

    const archived = await move(app, cast.as.editorA, 'archive', a.created.entryId, a.published.revision.id);
    expect(archived.publicationState).toBe('ARCHIVED');
    now = await expectTotalsToBeExact();
    expect(now.organisation).toBe(before.organisation! + 1);
    // A reader of drafts is counted every entry, archived and drafts included.
    const [all] = await rowsOf<{ n: number }>(app.handle.db, sql`SELECT count(*)::int AS n FROM organisations`);
    const host = await app.graphql<any>(`{ organisations { totalCount } }`, {}, cast.as.reviewerA);
    expect(host.body.data.organisations.totalCount).toBe(all!.n);
    expect(all!.n).toBeGreaterThan(now.organisation!);
  });

  it('follow writes no reader makes through the API: batches, deletions and TRUNCATE', async () => {
    // Sync, restore and the benchmark's generator write these tables directly, and the totals must hold for every
    // writer: the triggers, not the workflow, keep them, so this test writes as those writers do.
    const db = app.handle.db;
    await createCaseStudy({ db, title: 'Counted study' });
    await createCaseStudy({ db, title: 'Uncounted draft', publicationState: 'draft' });
    await createMethod({ db, name: 'Counted method' });
    const gone = await createOrganisation({ db, kind: 'network' });
    await expectTotalsToBeExact();
    await db.update(organisations).set({ publicationState: 'draft' }).where(eq(organisations.kind, 'university'));
    await expectTotalsToBeExact();
    await db.delete(organisations).where(eq(organisations.id, gone.id));
    await expectTotalsToBeExact();
    await db.execute(sql`TRUNCATE events CASCADE`);
    expect((await expectTotalsToBeExact()).event).toBe(0);
  });
});
