// Backup and restore: a round trip gives back every row, and tokens and sessions that still work; bad files and busy folders are refused.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFiles } from '../src/data-dir-lock.ts';
import { createDb, type DbHandle } from '../src/db.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { type BuiltDirectory, buildDirectory, everyRow } from './support/backup.ts';
import { cliRunner } from './support/cli.ts';
import { ConsoleClient, newOutbox } from './support/console.ts';
import { openTestDatabase, serverUrlOf } from './support/database.ts';

const me = '{ me { email role isHost organisationId scopes } }';
const work = mkdtempSync(join(tmpdir(), 'ed-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What a token and a console session answer, to compare before and after. */
async function answers(t: TestApp, built: BuiltDirectory) {
  const as = async (headers: Record<string, string>) => {
    const r = await t.graphql(me, {}, headers);
    return { status: r.status, data: r.body.data ?? null, codes: (r.body.errors ?? []).map((e: any) => e.extensions?.code) };
  };
  const browser = new ConsoleClient(t.app);
  browser.cookies = new Map(built.browser.cookies);
  const home = await browser.get('/console');
  return {
    editorA: await as(built.cast.as.editorA),
    partnerAdminP: await as(built.cast.as.partnerAdminP),
    revoked: await as(built.cast.as.revoked),
    console: { status: home.res.status, signedInAs: /You are editor of <strong>Host A<\/strong>/.test(home.body) },
  };
}

/** A fingerprint of every file under `dir`, to prove a refused restore touched nothing. */
function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

const tablesThatMatter = [
  'public.organisations',
  'public.case_studies',
  'public.case_study_organisations',
  'public.revisions',
  'public.audit_log',
  'public.accounts',
  'public.memberships',
  'public.sessions',
  'public.api_tokens',
];

describe('the embedded database', () => {
  const dataDir = join(work, 'data');
  const outbox = join(dataDir, 'outbox');
  const file = join(work, 'directory.backup');
  let built: BuiltDirectory;
  let before: Record<string, string[]>;
  let answersBefore: Awaited<ReturnType<typeof answers>>;
  const cli = cliRunner({ DATA_DIR: dataDir });

  beforeAll(async () => {
    // The server's own folder, with the mail outbox inside it as it is by default.
    const t = await createTestApp({ handle: await createDb({ DATA_DIR: dataDir }), env: { OUTBOX_DIR: outbox } });
    // The mailer makes it on first use; the sign-in helper reads it before that.
    mkdirSync(outbox, { recursive: true });
    try {
      built = await buildDirectory(t, outbox);
      answersBefore = await answers(t, built);
      before = await everyRow(t.handle);
    } finally {
      await t.close();
    }
    const r = await cli('backup', file);
    if (r.code !== 0) throw new Error(`backup failed: ${r.stderr}`);
  }, 300_000);

  it('comes back row for row: entries, links, revisions, audit, accounts, memberships, sessions, tokens; they still work', async () => {
    for (const table of tablesThatMatter) expect(before[table]?.length, table).toBeGreaterThan(0);
    expect(answersBefore.editorA.data.me.email).toBe(built.cast.emails.editorA);
    expect(answersBefore.revoked.data?.me ?? null).toBeNull();
    expect(answersBefore.console).toEqual({ status: 200, signedInAs: true });
    expect(readdirSync(outbox).some((f) => f.endsWith('.eml'))).toBe(true);

    const restoredDir = join(work, 'restored');
    const r = await cliRunner({ DATA_DIR: restoredDir })('restore', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`into ${restoredDir}`);
    // The mail that was sent is not part of the database, and neither is the lock.
    expect(existsSync(join(restoredDir, 'outbox'))).toBe(false);
    for (const f of lockFiles) expect(existsSync(join(restoredDir, f)), f).toBe(false);
    expect(readdirSync(work).filter((f) => f.includes('.restoring-'))).toEqual([]);

    const t = await createTestApp({ handle: await createDb({ DATA_DIR: restoredDir }), env: { OUTBOX_DIR: newOutbox() } });
    try {
      expect(await everyRow(t.handle)).toEqual(before);
      // A token issued before the backup authenticates against the restored copy; a revoked one is still refused.
      expect(await answers(t, built)).toEqual(answersBefore);
    } finally {
      await t.close();
    }
  }, 180_000);

  it('refuses a folder that is not empty unless --force, and then keeps the old folder beside it', async () => {
    const target = join(work, 'occupied');
    const occupied = await createDb({ DATA_DIR: target });
    await occupied.close();
    const print = fingerprint(target);

    const refused = await cliRunner({ DATA_DIR: target })('restore', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty \(.*PG_VERSION.*\)\. Restore into an empty or new folder, or run again with --force/);
    expect(fingerprint(target)).toBe(print);

    const forced = await cliRunner({ DATA_DIR: target })('restore', file, '--force');
    expect(forced.code).toBe(0);
    const aside = /kept as (\S+);/.exec(forced.stdout)?.[1];
    expect(aside && existsSync(join(aside, 'PG_VERSION'))).toBe(true);
    const restored = await createDb({ DATA_DIR: target });
    try {
      expect(await everyRow(restored)).toEqual(before);
    } finally {
      await restored.close();
    }
  }, 180_000);

  it('refuses a file cut short or not a backup, with a clear message, leaving the target as it was', async () => {
    const target = join(work, 'kept');
    const kept = await createDb({ DATA_DIR: target });
    await kept.close();
    const print = fingerprint(target);
    const whole = readFileSync(file);
    const cut = join(work, 'cut.backup');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const garbage = join(work, 'garbage.backup');
    writeFileSync(garbage, gzipSync(Buffer.from('these bytes are not a tarball of a database')));

    for (const bad of [cut, garbage]) {
      const r = await cliRunner({ DATA_DIR: target })('restore', bad, '--force');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${bad} is not a complete backup (`);
      expect(r.stderr).toContain('Nothing was changed.');
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fingerprint(target)).toBe(print);
    }
    // A new folder that a failed restore would have made is not left behind either.
    const fresh = join(work, 'never-made');
    expect((await cliRunner({ DATA_DIR: fresh })('restore', cut)).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  }, 180_000);

  it('while a server holds the folder: backup and restore say to stop it, and write nothing', async () => {
    // This test process opens the folder as `npm start` does, and holds it.
    const server = await createDb({ DATA_DIR: dataDir });
    const second = join(work, 'while-running.backup');
    try {
      const backup = await cli('backup', second);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toContain(`The embedded database in ${dataDir} is open in process ${process.pid}`);
      expect(backup.stderr).toMatch(
        /stop that process \(kill \d+, or Ctrl-C where it runs\), run this command again, then start the server again/,
      );
      expect(backup.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(second)).toBe(false);

      const restore = await cli('restore', file, '--force');
      expect(restore.code).toBe(1);
      expect(restore.stderr).toMatch(/never restore under a running server/);
    } finally {
      await server.close();
    }
  }, 120_000);
});

// On the suite's own database: PostgreSQL where the suite runs on one (npm run test:pg, CI), else in-memory PGlite.
describe('PostgreSQL: pg_dump and pg_restore', () => {
  // Where .ci/run and scripts/with-postgres.mjs find the server's binaries; pg_dump is beside them.
  const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
  const tools = existsSync(join(pgBin, 'pg_dump')) ? ['--pg-bin', pgBin] : [];

  it('round trip beside a running server: every row back, and a token issued before still authenticates', async () => {
    const source = await createTestApp({ env: { OUTBOX_DIR: newOutbox() } });
    let target: DbHandle | undefined;
    try {
      const sourceUrl = serverUrlOf.get(source.handle);
      if (!sourceUrl) {
        // In-memory PGlite belongs to this process alone: there is no server for pg_dump to reach.
        expect(source.handle.kind).toBe('pglite');
        return;
      }
      const built = await buildDirectory(source, source.config.OUTBOX_DIR!);
      // Asked first: a revoked token's use is itself audited, and the rows compared must include that.
      const answersBefore = await answers(source, built);
      const before = await everyRow(source.handle);
      const file = join(work, 'postgres.backup');
      // The app is still open on the database: pg_dump takes its own consistent snapshot.
      const backup = await cliRunner({ DATABASE_URL: sourceUrl })('backup', file, ...tools);
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);

      // A new server's database: migrated on its first start, so it has the tables and no rows.
      target = await openTestDatabase();
      const targetUrl = serverUrlOf.get(target)!;
      const restore = cliRunner({ DATABASE_URL: targetUrl });
      const refused = await restore('restore', file, ...tools);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is not empty \(\d+ tables\)\. Restore into an empty database, or run again with --force/);

      const cut = join(work, 'postgres-cut.backup');
      const whole = readFileSync(file);
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
      const untouched = await everyRow(target);
      const damaged = await restore('restore', cut, '--force', ...tools);
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toMatch(/nothing was changed/);
      expect(await everyRow(target)).toEqual(untouched);

      // gzip's first bytes, as an embedded backup starts.
      const embedded = join(work, 'embedded-kind.backup');
      writeFileSync(embedded, gzipSync(Buffer.from('an embedded backup starts like this')));
      const embeddedKind = await restore('restore', embedded, '--force', ...tools);
      expect(embeddedKind.code).toBe(1);
      expect(embeddedKind.stderr).toContain('is a backup of the embedded database: restore it without DATABASE_URL');

      const forced = await restore('restore', file, '--force', ...tools);
      expect(forced.stderr).toBe('');
      expect(forced.code).toBe(0);
      // A fresh connection, as a server started after the restore would have.
      const restored = await createTestApp({ handle: await createDb({ DATABASE_URL: targetUrl, DATABASE_POOL_SIZE: 2 }) });
      try {
        expect(await everyRow(restored.handle)).toEqual(before);
        expect(await answers(restored, built)).toEqual(answersBefore);
        expect(answersBefore.editorA.data.me.email).toBe(built.cast.emails.editorA);
      } finally {
        await restored.close();
      }
    } finally {
      await target?.close();
      await source.close();
    }
  }, 300_000);
});
