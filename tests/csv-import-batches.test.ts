// The import's cost: a file of a thousand rows is checked and written in a fixed number of SQL statements per batch
// of 500 rows (not a number per row), and the entries it makes are the ones the single services would have made.
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic } from '../seed/factories.ts';
import { BATCH_ROWS, importCsv } from '../src/modules/interchange/csv-import.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { createCast, type Cast } from './support/editorial-cast.ts';

let t: TestApp;
let cast: Cast;
let topic = '';

beforeAll(async () => {
  t = await createTestApp();
  cast = await createCast(t);
  // The shared taxonomy comes with the install (the seed), which no user writes through the API.
  topic = (await createTopic({ db: t.handle.db })).slug;
}, 180_000);
afterAll(() => t.close());

const ROWS = 1000;
const batches = Math.ceil(ROWS / BATCH_ROWS);
/** A batch's savepoint and its release: counted on PGlite, sent by postgres.js itself (uncounted) on PostgreSQL. */
const savepoint = () => (t.handle.kind === 'pglite' ? 2 : 0);

/** Synthetic events, every tenth with an organiser and a topic, as the benchmark writes them. */
function events(variant = ''): string {
  const lines = ['id,name,start_datetime,end_datetime,timezone,format,description,organisers,topics'];
  for (let i = 1; i <= ROWS; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const links = i % 10 === 0 ? `${cast.orgs.partnerP.slug}:host,${topic}` : ',';
    lines.push(
      `B-${i},Batch event ${i}${variant},2031-05-${day} 18:30,2031-05-${day} 20:00,Europe/London,online,Row ${i}${variant},${links}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function counted(text: string) {
  const before = t.handle.statements.count;
  const report = await importCsv({
    db: t.handle.db,
    file: () => Readable.from([text]),
    type: 'event',
    organisation: cast.orgs.partnerP.slug,
    by: cast.emails.contributorP,
    submit: true,
  });
  return { report, statements: t.handle.statements.count - before };
}

describe('importing a thousand rows', () => {
  it('writes them, submitted for review, in a fixed number of statements per batch of 500', async () => {
    const { report, statements } = await counted(events());
    expect(report).toMatchObject({ rows: ROWS, created: ROWS, changed: 0, unchanged: 0, problemCount: 0, written: true });
    // The importer's organisation and member (2), then per batch of the check pass: import keys, the actor, proposed
    // slugs (entries, redirects), the organisers' and topics' slugs, the slugs taken (7); per batch of the write pass
    // the same, then one statement each for the rows, organisers, topics, revisions, submissions, maintainers, audit
    // rows, notices, webhooks and import keys (17); and each batch's savepoint.
    expect(statements).toBe(2 + batches * (7 + savepoint()) + batches * (17 + savepoint()));
    expect(statements / ROWS).toBeLessThan(0.06);

    const submitted = await t.graphql(
      `{ maintainedEntries(first: 1, state: SUBMITTED) { totalCount nodes { entryId snapshot } } }`,
      {},
      cast.as.contributorP,
    );
    expect(submitted.body.data.maintainedEntries.totalCount).toBe(ROWS);
    const entryId = submitted.body.data.maintainedEntries.nodes[0].entryId;
    const history = await t.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 5) { nodes { action state author { email } } } }`,
      { id: entryId },
      cast.as.contributorP,
    );
    expect(history.body.data.revisions.nodes).toEqual([
      { action: 'SUBMIT', state: 'SUBMITTED', author: { email: cast.emails.contributorP } },
      { action: 'CREATE', state: 'DRAFT', author: { email: cast.emails.contributorP } },
    ]);
  }, 120_000);

  it('reads the same file again in one statement per batch and pass', async () => {
    const { report, statements } = await counted(events());
    expect(report).toMatchObject({ created: 0, changed: 0, unchanged: ROWS, written: true });
    expect(statements).toBe(2 + batches * 2);
  }, 120_000);

  it('turns every changed row into an edit with its diff, still in a fixed number of statements per batch', async () => {
    const { report, statements } = await counted(events(' (changed)'));
    expect(report).toMatchObject({ created: 0, changed: ROWS, unchanged: 0, problemCount: 0, written: true });
    // Check: keys, actor, the rows locked, their maintainers and head revisions, organisers' and topics' slugs (7); no
    // slug changed, so none is looked up. Write: the same, then the rows, revisions, submissions, audit rows, notices,
    // webhooks and import keys (14); no link changed, so none is written. And each batch's savepoint.
    expect(statements).toBe(2 + batches * (7 + savepoint()) + batches * (14 + savepoint()));

    const submitted = await t.graphql(`{ maintainedEntries(first: 1, state: SUBMITTED) { nodes { entryId } } }`, {}, cast.as.contributorP);
    const history = await t.graphql(
      `query($id: ID!) { revisions(entryId: $id, first: 5) { nodes { action baseDiff { field } } } }`,
      { id: submitted.body.data.maintainedEntries.nodes[0].entryId },
      cast.as.contributorP,
    );
    expect(history.body.data.revisions.nodes.map((n: { action: string }) => n.action)).toEqual(['SUBMIT', 'UPDATE', 'SUBMIT', 'CREATE']);
    expect(history.body.data.revisions.nodes[1].baseDiff.map((d: { field: string }) => d.field)).toEqual(['description', 'title']);
  }, 120_000);
});

describe('importing case studies in a batch', () => {
  const file = (round: string, role: string) =>
    [
      'id,title,summary,start_date,findings,organisations,evaluated',
      `K-1,Batch case one (synthetic),Summary ${round},2024-03-01,"First finding\nSecond, ${round}",${cast.orgs.hostA.slug}:convener;${cast.orgs.partnerP.slug}:funder,yes`,
      `K-2,Batch case two (synthetic),Summary,2023-01-01,,${cast.orgs.partnerP.slug}:${role},no`,
    ].join('\n');
  const imported = async (text: string) =>
    importCsv({
      db: t.handle.db,
      file: () => Readable.from([text]),
      type: 'caseStudy',
      organisation: cast.orgs.partnerP.slug,
      by: cast.emails.contributorP,
    });
  const drafts = async () => {
    const res = await t.graphql(
      `{ maintainedEntries(first: 50, state: DRAFT) { nodes { entryType snapshot } } }`,
      {},
      cast.as.contributorP,
    );
    const nodes = res.body.data.maintainedEntries.nodes.filter((n: { entryType: string }) => n.entryType === 'CASE_STUDY');
    return Object.fromEntries(nodes.map((n: { snapshot: { title: string } }) => [n.snapshot.title, n.snapshot]));
  };
  const roles = (pairs: [number, string][]) =>
    pairs.map(([id, role]) => ({ id, role })).sort((a, b) => a.id - b.id || a.role.localeCompare(b.role));

  it('writes role links, line lists and dates, and rewrites only what a changed row changed', async () => {
    expect(await imported(file('first', 'convener'))).toMatchObject({ created: 2, problemCount: 0, written: true });
    let byTitle = await drafts();
    expect(byTitle['Batch case one (synthetic)']).toMatchObject({
      summary: 'Summary first',
      startDate: '2024-03-01',
      findings: ['First finding', 'Second, first'],
      evaluated: true,
      organisationRoles: roles([
        [cast.orgs.hostA.id, 'convener'],
        [cast.orgs.partnerP.id, 'funder'],
      ]),
    });

    // A changed summary and findings on one row, a changed role on the other: two edits, one UPDATE of their rows.
    expect(await imported(file('second', 'funder'))).toMatchObject({ created: 0, changed: 2, problemCount: 0, written: true });
    byTitle = await drafts();
    expect(byTitle['Batch case one (synthetic)']).toMatchObject({
      summary: 'Summary second',
      findings: ['First finding', 'Second, second'],
      organisationRoles: roles([
        [cast.orgs.hostA.id, 'convener'],
        [cast.orgs.partnerP.id, 'funder'],
      ]),
    });
    expect(byTitle['Batch case two (synthetic)']).toMatchObject({ organisationRoles: [{ id: cast.orgs.partnerP.id, role: 'funder' }] });
    // A never-public entry's row and links mirror its draft, as updateEntry leaves them. No interface shows a draft's
    // own row (drafts are read from their revisions), so this one assertion reads the tables.
    const rows = await t.handle.db.execute<{ title: string; summary: string; findings: string[]; roles: string }>(sql`
      SELECT c.title, c.summary, c.findings,
        (SELECT string_agg(o.organisation_id || ':' || o.role, ',' ORDER BY o.organisation_id, o.role)
         FROM case_study_organisations o WHERE o.case_study_id = c.id) AS roles
      FROM case_studies c WHERE c.title LIKE 'Batch case %' ORDER BY c.title`);
    expect([...((rows as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[]))]).toEqual([
      {
        title: 'Batch case one (synthetic)',
        summary: 'Summary second',
        findings: ['First finding', 'Second, second'],
        roles: `${cast.orgs.hostA.id}:convener,${cast.orgs.partnerP.id}:funder`,
      },
      { title: 'Batch case two (synthetic)', summary: 'Summary', findings: [], roles: `${cast.orgs.partnerP.id}:funder` },
    ]);
  }, 120_000);
});
