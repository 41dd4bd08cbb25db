// `npm run cli -- import`: spreadsheets saved by Excel (byte-order mark, CRLF) and LibreOffice (";", quoted line
// breaks, short rows) become drafts or submitted changes of the importing organisation; a second import changes
// nothing, a changed row is an edit with a diff, and a dry run lists every problem by row and column.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { templates } from '../src/modules/interchange/csv-columns.ts';
import { cliRunner } from './support/cli.ts';
import { postGraphQL } from './support/graphql.ts';

const fixtures = 'tests/fixtures/import';
const dataDir = mkdtempSync(join(tmpdir(), 'ed-import-'));
const work = mkdtempSync(join(tmpdir(), 'ed-import-files-'));
// Always the embedded database in a folder of its own: the import's transactions are the same on both backends.
const cli = cliRunner({ DATA_DIR: dataDir });
let host = '';
let token = '';

beforeAll(async () => {
  expect((await cli('seed')).code).toBe(0);
  const founded = await cli('init-secretariat', '--host', 'Northfield Host (synthetic)', '--admin', 'admin@northfield.example');
  expect(founded.code).toBe(0);
  host = /\(([a-z0-9-]+)\)\. Admin/.exec(founded.stdout)![1]!;
  token = founded.stdout.trim().split('\n').at(-1)!;
}, 120_000);
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** GraphQL as the host's admin, on the same folder (the CLI has let go of it). */
async function asHost<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const handle = await createDb({ DATA_DIR: dataDir });
  try {
    const app = createApp({ handle, config: loadConfig({ LOG_LEVEL: 'silent' }), verifyToken: createTokenVerifier({ db: handle.db }) });
    const res = await postGraphQL(app, { query, variables }, { authorization: `Bearer ${token}` });
    const body = (await res.json()) as { data: T; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  } finally {
    await handle.close();
  }
}

const maintained = async (state: string) =>
  (
    await asHost<{ maintainedEntries: { nodes: { entryId: string; entryType: string; snapshot: any }[] } }>(
      `query($s: PublicationState) { maintainedEntries(first: 50, state: $s) { nodes { entryId entryType snapshot } } }`,
      { s: state },
    )
  ).maintainedEntries.nodes;

describe('importing organisations from an Excel CSV', () => {
  it('checks with --dry-run and writes nothing', async () => {
    const r = await cli('import', `${fixtures}/organisations-excel.csv`, '--type', 'organisations', '--as', host, '--dry-run');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 rows read, no problems: importing would make 3 new, 0 changed, 0 unchanged. Nothing was written');
    expect(await maintained('DRAFT')).toEqual([]);
  }, 60_000);

  it('imports every row as a draft of the importing organisation, then changes nothing the second time', async () => {
    const r = await cli('import', `${fixtures}/organisations-excel.csv`, '--type', 'organisations', '--as', host);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`3 rows imported from source "csv:${host}": 3 new, 0 changed, 0 unchanged`);
    const drafts = await maintained('DRAFT');
    const byName = Object.fromEntries(drafts.map((d) => [d.snapshot.name, d.snapshot]));
    expect(Object.keys(byName).sort()).toEqual([
      'Café Délibératif (synthetic)',
      'Harbour Citizens Panel (synthetic)',
      'Northfield Data Forum (synthetic)',
    ]);
    // The byte-order mark is not part of the first header, quoted commas stay in their cell, options read as words.
    expect(byName['Northfield Data Forum (synthetic)']).toMatchObject({
      kind: 'network',
      description: 'Brings residents, researchers and the council together on local data.',
      website: 'https://northfield.example.org',
      region: 'Yorkshire and the Humber',
      country: 'GB',
    });
    expect(byName['Northfield Data Forum (synthetic)'].topicIds).toHaveLength(2);
    expect(byName['Café Délibératif (synthetic)']).toMatchObject({ kind: 'other', region: 'Île-de-France', website: null });

    const again = await cli('import', `${fixtures}/organisations-excel.csv`, '--type', 'organisations', '--as', host);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 new, 0 changed, 3 unchanged');
    expect(await maintained('DRAFT')).toHaveLength(3);
  }, 90_000);

  it('turns a changed row into an edit of the same entry, with a diff', async () => {
    const changed = join(work, 'organisations-changed.csv');
    const text = readFileSync(`${fixtures}/organisations-excel.csv`, 'utf8').replace(
      'A standing panel; meets quarterly.',
      'A standing panel; meets monthly.',
    );
    writeFileSync(changed, text);
    const r = await cli('import', changed, '--type', 'organisations', '--as', host);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 new, 1 changed, 2 unchanged');
    const panel = (await maintained('DRAFT')).find((d) => d.snapshot.name === 'Harbour Citizens Panel (synthetic)')!;
    const history = await asHost<{
      revisions: { nodes: { action: string; baseDiff: { field: string; before: unknown; after: unknown }[] }[] };
    }>(`query($id: ID!) { revisions(entryId: $id, first: 5) { nodes { action baseDiff { field before after } } } }`, { id: panel.entryId });
    expect(history.revisions.nodes.map((n) => n.action)).toEqual(['UPDATE', 'CREATE']);
    expect(history.revisions.nodes[0]!.baseDiff).toEqual([
      { field: 'description', before: 'A standing panel; meets quarterly.', after: 'A standing panel; meets monthly.' },
    ]);
  }, 90_000);
});

describe('importing events from a LibreOffice CSV', () => {
  it('reads ";", quoted line breaks and short rows, and submits each event for review', async () => {
    const file = join(work, 'events.csv');
    copyFileSync(`${fixtures}/events-semicolon.csv`, file);
    const r = await cli('import', file, '--type', 'events', '--as', host, '--submit');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('3 new, 0 changed, 0 unchanged');
    expect(r.code).toBe(0);
    const submitted = (await maintained('SUBMITTED')).filter((d) => d.entryType === 'EVENT');
    const byTitle = Object.fromEntries(submitted.map((d) => [d.snapshot.title, d.snapshot]));
    expect(byTitle['Data futures evening (synthetic)']).toMatchObject({
      // 19:00 in London in June is 18:00 UTC.
      startsAt: expect.stringMatching(/^2031-06-10T18:00:00(\.000)?(Z|\+00:00)$/),
      timeZone: 'Europe/London',
      format: 'in_person',
      description: 'An evening of talks.\nSecond line: questions; answers.',
      venue: 'Northfield Library',
    });
    expect(byTitle['Data futures evening (synthetic)'].organiserRoles).toEqual([{ id: expect.any(Number), role: 'host' }]);
    expect(byTitle['Data futures evening (synthetic)'].topicIds).toHaveLength(2);
    // The short row: the cells it leaves out are empty.
    expect(byTitle['Online panel on AI in services (synthetic)']).toMatchObject({ format: 'online', endsAt: null, venue: null });
    expect(byTitle['Workshop, with a comma (synthetic)']).toMatchObject({ timeZone: 'Europe/Paris', format: 'hybrid', venue: 'Salle 2' });
  }, 90_000);
});

describe('a file with problems', () => {
  it('lists every problem by row and column, and writes none of its rows', async () => {
    const before = (await maintained('DRAFT')).length;
    const r = await cli('import', `${fixtures}/organisations-problems.csv`, '--type', 'organisations', '--as', host);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('7 rows read: 7 problems. Nothing was written.');
    const problems = lines.filter((l) => l.startsWith('  row '));
    expect(problems).toEqual([
      expect.stringMatching(/^ {2}row 1, column "colour": is not a column of the organisation template/),
      expect.stringMatching(/^ {2}row 3, column "kind": /),
      expect.stringMatching(/^ {2}row 4, column "website": /),
      '  row 5, column "id": repeats the id of row 2',
      expect.stringMatching(/^ {2}row 6, column "topics": no topic has the slug "no-such-topic"/),
      '  row 7: has 7 cells where the header has 6',
      expect.stringMatching(/^ {2}row 8, column "name": /),
    ]);
    expect(await maintained('DRAFT')).toHaveLength(before);
  }, 60_000);

  it('says what is wrong with the command before opening the database', async () => {
    const r = await cli('import', `${fixtures}/organisations-excel.csv`, '--type', 'people', '--as', host);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--type: one of organisations, events, case-studies');
    const nobody = await cli('import', `${fixtures}/organisations-excel.csv`, '--type', 'organisations', '--as', 'no-such-organisation');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No organisation has the slug "no-such-organisation".');
  }, 60_000);
});

describe('docs/import.md', () => {
  it('lists every column of every template, with the names the import reads', () => {
    const doc = readFileSync('docs/import.md', 'utf8');
    for (const [type, columns] of Object.entries(templates)) {
      for (const c of columns)
        expect(doc, `${type}.${c.name}`).toMatch(new RegExp(`^\\| \`${c.name}\` \\|.*\\| ${literal(c.hint)} \\|$`, 'm'));
    }
  });
});

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
