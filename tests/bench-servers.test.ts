// The benchmark across several servers: refused on the embedded database, and its freshness check measures what it says.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFreshness, type RealServer, startRealServer } from '../bench/servers.ts';
import type { DbHandle } from '../src/db.ts';
import { initSecretariat } from '../src/modules/accounts/init-secretariat.ts';
import { openTestDatabase, serverUrlOf } from './support/database.ts';

describe('npm run bench -- --servers 2', () => {
  it('refuses the embedded database, saying PostgreSQL is needed and how to get one, before preparing anything', () => {
    const { DATABASE_URL: _none, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--servers', '2'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--servers 2 needs PostgreSQL/);
    expect(run.stderr).toMatch(/with-postgres\.mjs/);
    expect(run.stdout).not.toMatch(/generat/);
  }, 60_000);
});

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('the freshness check across two real servers', () => {
  let owner: DbHandle | undefined;
  const servers: RealServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await owner?.close();
  });

  it("counts each approved write once it is in the other server's answers, its cache having held the old one", async () => {
    owner = await openTestDatabase();
    // Two hosts: a change written by one host's admin is reviewed by the other's (docs/editorial.md, "Four eyes").
    const { hosts } = await initSecretariat({
      db: owner.db,
      hosts: [
        { host: 'Freshness host A', adminEmail: 'freshness-a@example.org' },
        { host: 'Freshness host B', adminEmail: 'freshness-b@example.org' },
      ],
    });
    for (let i = 0; i < 2; i++) servers.push(await startRealServer({ DATABASE_URL: serverUrlOf.get(owner)! }));
    const stopAt = Date.now() + 1_500;
    const result = await checkFreshness({
      servers,
      authorToken: hosts[0]!.token.token,
      reviewerToken: hosts[1]!.token.token,
      running: () => Date.now() < stopAt,
      pauseMs: 0,
    });
    expect(result.checks).toBeGreaterThanOrEqual(2);
    expect(result.stale).toBe(0);
    expect(result.lagsMs).toHaveLength(result.checks);
    // Every check read a cached answer holding the old text first: each one proves a cache heard of a change.
    expect(result.cachedBefore).toBe(result.checks);
  }, 180_000);
});
