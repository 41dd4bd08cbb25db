// The command line: help, bootstrapping the secretariat once (token on the last line), and reloading the seed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { postGraphQL } from './support/graphql.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'ed-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Always the embedded database in a folder of its own, whatever the suite runs on.
const { DATABASE_URL: _server, ...inherited } = process.env;
const env = { ...inherited, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, cwd: process.cwd() }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('npm run cli', () => {
  it('lists its commands', async () => {
    const r = await cli('help');
    expect(r.code).toBe(0);
    for (const command of ['init-secretariat', 'seed', 'help']) expect(r.stdout).toContain(command);
    // Several founding hosts, and what to do beside a running server.
    expect(r.stdout).toContain('[--host "<organisation>" --admin "<email>" ...]');
    expect(r.stdout).toMatch(/one API token per admin, each on its own line/);
    expect(r.stdout).toContain('/console/setup');
  }, 30_000);

  it('starts the secretariat once, printing a working admin token on the last line', async () => {
    const first = await cli('init-secretariat', '--host', 'Ada Lovelace Institute', '--admin', 'Admin@Example.org');
    expect(first.code).toBe(0);
    const token = first.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^edir_[A-Za-z0-9_-]{43}$/);

    const again = await cli('init-secretariat', '--host', 'Someone Else', '--admin', 'other@example.org');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has a host/);

    const missing = await cli('init-secretariat', '--host', 'No Admin');
    expect(missing.code).toBe(2);

    const handle = await createDb({ DATA_DIR: dataDir });
    try {
      const app = createApp({ handle, config: loadConfig({ LOG_LEVEL: 'silent' }), verifyToken: createTokenVerifier({ db: handle.db }) });
      const res = await postGraphQL(app, { query: '{ me { role isHost scopes } }' }, { authorization: `Bearer ${token}` });
      expect((await res.json()).data.me).toEqual({
        role: 'ADMIN',
        isHost: true,
        scopes: ['READ_DRAFTS', 'WRITE_ENTRIES', 'REVIEW', 'MANAGE_MEMBERS'],
      });
    } finally {
      await handle.close();
    }
    // Three runs of the CLI, the first migrating a new on-disk database: slow when the machine is busy.
  }, 120_000);

  it('reloads the seed catalogue idempotently, but not over editorial work unless forced', async () => {
    const first = await cli('seed');
    expect(first.code).toBe(0);
    const second = await cli('seed');
    expect(second.stdout).toMatch(/0 inserted/);

    // Editorial work, as the seed command sees it (a revision after the seed): written directly because this
    // test's database is a DATA_DIR the CLI opens alone, with no server or token to send a GraphQL edit through.
    const handle = await createDb({ DATA_DIR: dataDir });
    try {
      await handle.db.execute(
        sql`INSERT INTO revisions (entry_type, entry_id, action, state, snapshot) VALUES ('method', 1, 'update', 'draft', '{}')`,
      );
    } finally {
      await handle.close();
    }
    const refused = await cli('seed');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 entries have been edited/);
    const forced = await cli('seed', '--force');
    expect(forced.code).toBe(0);
  }, 90_000);
});
