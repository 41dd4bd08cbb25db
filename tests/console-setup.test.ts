// First-run setup at /console/setup: the one-time code, one or more founding hosts, each admin mailed a sign-in link.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './support/app.ts';
import { ConsoleClient, csrfOf, linkFor, newOutbox, outboxMessages } from './support/console.ts';

const setupCode = 'first-run-setup-code';
const outbox = newOutbox();
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ setupCode, env: { OUTBOX_DIR: outbox } });
}, 120_000);
afterAll(() => t.close());

const hostsOf = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => i + 1).map((row) => [`host-${row}`, `Founding Org ${row}`]));

describe('before any host exists', () => {
  test('the form offers a first host and an optional second; "Add another host" posts back one more row, keeping what was typed', async () => {
    const person = new ConsoleClient(t.app);
    const page = await person.get('/console/setup');
    expect(page.res.status).toBe(200);
    expect(page.body).toContain('<legend>Founding host 1</legend>');
    expect(page.body).toContain('<legend>Founding host 2 (optional)</legend>');
    expect(page.body).not.toContain('name="host-3"');
    const added = await person.post('/console/setup', {
      _do: 'add',
      rows: '2',
      code: setupCode,
      'host-1': 'Civic Data Commons',
      'adminEmail-1': 'ada@civicdata.example',
    });
    expect(added.res.status).toBe(200);
    expect(added.body).toContain('<legend>Founding host 3 (optional)</legend>');
    expect(added.body).toContain('value="Civic Data Commons"');
    expect(added.body).toContain('value="ada@civicdata.example"');
    expect(added.body).toContain('name="rows" value="3"');
    // Adding a row founds nothing: the page is still open.
    expect((await person.get('/console/setup')).res.status).toBe(200);
  });

  test('field errors name each row’s problem, a wrong code is not shown back, and nothing is founded', async () => {
    const person = new ConsoleClient(t.app);
    await person.get('/console/setup');
    const res = await person.post('/console/setup', {
      rows: '3',
      code: 'not-the-code',
      'host-1': '',
      'adminEmail-1': 'ada@civicdata.example',
      'host-2': 'Northern Policy Lab',
      'adminEmail-2': 'not an address',
      // A third row left blank is no host and no error.
    });
    expect(res.res.status).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('<a href="#f-code">Setup code: This is not the code in the server log</a>');
    expect(res.body).toContain('<a href="#f-host-1">Founding host 1: organisation: Enter the organisation’s name</a>');
    expect(res.body).toContain('<a href="#f-adminEmail-2">Founding host 2: admin&#39;s email address: Enter an email address');
    expect(res.body).not.toContain('f-host-3-error');
    expect(res.body).toContain('aria-describedby="f-adminEmail-2-error"');
    expect(res.body).not.toContain('not-the-code');
    expect(res.body).toContain('value="Northern Policy Lab"');

    // The same organisation twice is refused by the founding service, and its message shown beside the row.
    await person.get('/console/setup');
    const twice = await person.post('/console/setup', {
      rows: '2',
      code: setupCode,
      'host-1': 'Civic Data Commons',
      'adminEmail-1': 'ada@civicdata.example',
      'host-2': 'civic data commons',
      'adminEmail-2': 'bea@civicdata.example',
    });
    expect(twice.res.status).toBe(400);
    expect(twice.body).toMatch(/id="f-host-2-error"[^>]*>.*listed twice/s);
    // The right code is kept, so fixing the row does not mean typing it again.
    expect(twice.body).toContain(`value="${setupCode}"`);
    expect((await person.get('/console/setup')).res.status).toBe(200);
  });

  test('a post without the form’s CSRF token is refused and founds nothing', async () => {
    const person = new ConsoleClient(t.app);
    await person.get('/console/setup');
    const res = await person.post(
      '/console/setup',
      { rows: '1', code: setupCode, ...hostsOf(1), 'adminEmail-1': 'x@example.org' },
      { csrf: 'forged' },
    );
    expect(res.res.status).toBe(403);
    expect((await person.get('/console/setup')).res.status).toBe(200);
  });
});

describe('founding several hosts at once', () => {
  test('three hosts are founded; each admin is mailed a sign-in link and signs in as a host admin; the page then closes', async () => {
    const person = new ConsoleClient(t.app);
    const csrf = csrfOf((await person.get('/console/setup')).body);
    const admins = ['ada@civicdata.example', 'bea@northern.example', 'cy@southern.example'];
    const before = outboxMessages(outbox).length;
    const res = await person.post('/console/setup', {
      rows: '3',
      code: setupCode,
      ...hostsOf(3),
      ...Object.fromEntries(admins.map((a, i) => [`adminEmail-${i + 1}`, a.toUpperCase()])),
    });
    expect(res.res.status).toBe(200);
    expect(res.body).toContain('The founding hosts are Founding Org 1, Founding Org 2 and Founding Org 3.');
    for (const [i, admin] of admins.entries()) {
      expect(res.body).toContain(`${admin}, admin of Founding Org ${i + 1}`);
      const link = await linkFor(outbox, admin, before);
      const client = new ConsoleClient(t.app);
      await client.openLink(link);
      const home = await client.get('/console');
      expect(home.body).toContain(`You are admin of <strong>Founding Org ${i + 1}</strong>, a host of the directory.`);
    }

    // Once a host exists the page is closed for good, to a GET and to a post with the right code alike.
    expect((await person.get('/console/setup')).res.status).toBe(404);
    const again = await person.post(
      '/console/setup',
      {
        rows: '1',
        code: setupCode,
        'host-1': 'Late Org',
        'adminEmail-1': 'late@example.org',
      },
      { csrf },
    );
    expect(again.res.status).toBe(404);
    expect(again.body).toContain('The directory is already set up');
  });
});
