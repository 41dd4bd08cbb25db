// /console/import: a partner's contributor checks and imports a spreadsheet through the browser's file upload; the
// rows become the organisation's drafts (or submissions), problems are listed by row and column, uploads are bounded.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTopic } from '../seed/factories.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { ConsoleClient, newOutbox } from './support/console.ts';
import { createCast, type Cast } from './support/editorial-cast.ts';

let t: TestApp;
let cast: Cast;
const outbox = newOutbox();
let me: ConsoleClient;
let reviewer: ConsoleClient;

const csv = (name: string, text: string | Uint8Array<ArrayBuffer>) => new File([text], name, { type: 'text/csv' });
const fixture = (name: string) => csv(name, new Uint8Array(readFileSync(`tests/fixtures/import/${name}`)));

beforeAll(async () => {
  t = await createTestApp({ env: { OUTBOX_DIR: outbox, SIGN_IN_LIMIT_PER_ADDRESS: '1000', CSV_UPLOAD_MAX_BYTES: '20000' } });
  cast = await createCast(t);
  // The shared taxonomy comes with the install (the seed).
  await createTopic({ db: t.handle.db, slug: 'data', label: 'Data' });
  await createTopic({ db: t.handle.db, slug: 'public-engagement', label: 'Public engagement' });
  await createTopic({ db: t.handle.db, slug: 'ai', label: 'AI' });
  me = new ConsoleClient(t.app);
  await me.signIn(cast.emails.contributorP, outbox);
  reviewer = new ConsoleClient(t.app);
  await reviewer.signIn(cast.emails.reviewerA, outbox);
}, 180_000);
afterAll(() => t.close());

const drafts = async () =>
  (await t.graphql(`{ maintainedEntries(first: 50) { nodes { state snapshot } } }`, {}, cast.as.contributorP)).body.data.maintainedEntries
    .nodes as { state: string; snapshot: { name?: string } }[];

describe('importing a spreadsheet in the console', () => {
  test('the page is in the menu, offers the templates, and checks a file without writing it', async () => {
    const home = await me.get('/console');
    expect(home.body).toContain('href="/console/import"');
    const page = await me.get('/console/import');
    expect(page.res.status).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    const template = await me.get('/console/import/templates/events.csv');
    expect(template.res.headers.get('content-type')).toContain('text/csv');
    expect(template.body.split('\r\n')[0]).toMatch(/^id,name,slug,start_datetime,end_datetime,timezone,format/);

    const checked = await me.upload('/console/import', {
      file: fixture('organisations-excel.csv'),
      type: 'organisations',
      intent: 'check',
    });
    expect(checked.res.status).toBe(200);
    expect(checked.body).toContain('organisations-excel.csv: 3 rows, no problems. Importing would make 3 new, 0 changed, 0 unchanged.');
    expect(await drafts()).toEqual([]);
  });

  test('imports the rows as drafts of the organisation the person acts for; again, nothing changes', async () => {
    const done = await me.upload('/console/import', { file: fixture('organisations-excel.csv'), type: 'organisations', intent: 'import' });
    expect(done.res.status).toBe(200);
    expect(done.body).toContain('organisations-excel.csv: 3 rows imported: 3 new, 0 changed, 0 unchanged.');
    const names = (await drafts()).map((d) => d.snapshot.name).sort();
    expect(names).toEqual(['Café Délibératif (synthetic)', 'Harbour Citizens Panel (synthetic)', 'Northfield Data Forum (synthetic)']);

    const again = await me.upload('/console/import', { file: fixture('organisations-excel.csv'), type: 'organisations', intent: 'import' });
    expect(again.body).toContain('3 rows imported: 0 new, 0 changed, 3 unchanged.');
  });

  test('submitted for review, imported events reach the review queue', async () => {
    const events = [
      'id,name,start_datetime,timezone,format,topics',
      'W-1,Data walk (synthetic),2031-06-10 19:00,Europe/London,in person,data',
      'W-2,Data walk again (synthetic),2031-07-10 19:00,Europe/London,in person,data',
    ].join('\r\n');
    const done = await me.upload('/console/import', { file: csv('walks.csv', events), type: 'events', submit: 'yes', intent: 'import' });
    expect(done.body).toContain('2 rows imported: 2 new');
    const queue = await reviewer.get('/console/review');
    expect(queue.body).toContain('Data walk (synthetic)');
    expect(queue.body).toContain('Data walk again (synthetic)');
  });

  test('lists every problem by row and column, escaped, and imports nothing', async () => {
    const before = (await drafts()).length;
    const bad = 'id,name,kind\nX-1,<script>alert(1)</script>,spaceship\n';
    const res = await me.upload('/console/import', { file: csv('bad.csv', bad), type: 'organisations', intent: 'import' });
    expect(res.res.status).toBe(400);
    expect(res.body).toContain('bad.csv: 1 problem in 1 rows. Nothing was imported.');
    expect(res.body).toMatch(/<td>2<\/td>\s*<td>kind<\/td>\s*<td>Invalid option/);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect((await drafts()).length).toBe(before);
  });

  test('refuses a missing file, an unknown type, a file that is not CSV, a file over the limit, and a post without the form token', async () => {
    await me.get('/console/import');
    const none = await me.upload('/console/import', { type: 'organisations', intent: 'check' });
    expect(none.res.status).toBe(400);
    expect(none.body).toContain('Choose a CSV file');

    await me.get('/console/import');
    const people = await me.upload('/console/import', { file: fixture('organisations-excel.csv'), type: 'people', intent: 'check' });
    expect(people.res.status).toBe(400);
    expect(people.body).toContain('Choose what each row is');

    await me.get('/console/import');
    const unclosed = await me.upload('/console/import', {
      file: csv('unclosed.csv', 'name,description\nBob "the" Builder (synthetic),"never closed\n'),
      type: 'organisations',
      intent: 'check',
    });
    expect(unclosed.res.status).toBe(400);
    expect(unclosed.body).toContain('The file cannot be read as CSV: Quote Not Closed');
    // A quote inside an unquoted cell, typed by hand, is text, as a spreadsheet reads it.
    await me.get('/console/import');
    const quoted = await me.upload('/console/import', {
      file: csv('quoted.csv', 'name\nBob "the" Builder (synthetic)\n'),
      type: 'organisations',
      intent: 'check',
    });
    expect(quoted.body).toContain('quoted.csv: 1 rows, no problems.');

    await me.get('/console/import');
    const huge = await me.upload('/console/import', { file: csv('huge.csv', `name\n${'x'.repeat(30_000)}\n`), type: 'organisations' });
    expect(huge.res.status).toBe(413);

    const forged = new ConsoleClient(t.app);
    forged.cookies = new Map(me.cookies);
    forged.last = '<input name="_csrf" value="not-the-token">';
    const refused = await forged.upload('/console/import', { file: fixture('organisations-excel.csv'), type: 'organisations' });
    expect(refused.res.status).toBe(403);
  });
});
