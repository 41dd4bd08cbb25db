// The CLI while a server holds the database: on PostgreSQL it works alongside; on the embedded one it says who holds it and what to do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { cliRunner } from './support/cli.ts';
import { openTestDatabase, serverUrlOf } from './support/database.ts';
import { acceptJson, postGraphQL } from './support/graphql.ts';

describe('npm run cli beside a running server', () => {
  it('on the embedded database: names the process holding it and offers stopping it, /console/setup or PostgreSQL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ed-held-'));
    // This test process opens the database as `npm start` does, and holds it.
    const server = await createDb({ DATA_DIR: dataDir });
    try {
      const r = await cliRunner({ DATA_DIR: dataDir })('init-secretariat', '--host', 'Alpha', '--admin', 'a@alpha.example');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`The embedded database in ${dataDir} is open in process ${process.pid}`);
      expect(r.stderr).toMatch(/stop that process \(kill \d+, or Ctrl-C where it runs\), run this command again/);
      expect(r.stderr).toContain('http://localhost:3000/console/setup');
      expect(r.stderr).toMatch(/PostgreSQL \(DATABASE_URL\), where this command works beside a running server/);
      // A message, not a stack trace.
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Once the server has stopped, the note naming it is gone with the lock.
    const again = mkdtempSync(join(tmpdir(), 'ed-held-'));
    try {
      expect((await cliRunner({ DATA_DIR: again })('init-secretariat', '--host', 'Alpha', '--admin', 'a@alpha.example')).code).toBe(0);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 120_000);

  // PostgreSQL only where the suite runs on one (npm run test:pg, CI); on PGlite this proves the suite's own database instead.
  it('on the suite’s database: founds the secretariat while a server has it open, when that is PostgreSQL', async () => {
    const handle = await openTestDatabase();
    try {
      const app = createApp({
        handle,
        config: loadConfig({ LOG_LEVEL: 'silent' }),
        verifyToken: createTokenVerifier({ db: handle.db, handle }),
      });
      const url = serverUrlOf.get(handle);
      if (!url) {
        // In-memory PGlite belongs to this process alone: no other process can reach it, so there is nothing to share.
        expect(handle.kind).toBe('pglite');
        return;
      }
      const r = await cliRunner({ DATABASE_URL: url })('init-secretariat', '--host', 'Alpha', '--admin', 'a@alpha.example');
      expect(r.code).toBe(0);
      const token = r.stdout.trim().split('\n').at(-1)!;
      // The running app sees the new host at once: same database, no restart.
      const res = await postGraphQL(app, { query: '{ me { email role isHost } }' }, { ...acceptJson, authorization: `Bearer ${token}` });
      expect((await res.json()).data.me).toEqual({ email: 'a@alpha.example', role: 'ADMIN', isHost: true });
    } finally {
      await handle.close();
    }
  }, 120_000);
});
