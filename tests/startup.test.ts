// A restart: the log line that says where its time went, the bundle's freshness read from stat without running stale
// code, workers started after the first answer yet stopped cleanly, and a PostgreSQL start that skips the migration lock.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { build, bundleIsFresh } from '../scripts/build.mjs';
import { createDb } from '../src/db.ts';
import { openTestDatabase, serverUrlOf } from './support/database.ts';
import { eventually } from './support/eventually.ts';
import { startServer } from './support/server-process.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const newDir = (parent = tmpdir()) => {
  const dir = mkdtempSync(join(parent, 'ed-startup-'));
  dirs.push(dir);
  return dir;
};

describe('a restart through the real process', () => {
  it('says in its listening line how long each step took, and the steps add up to the whole', async () => {
    const dataDir = newDir();
    const first = await startServer(dataDir);
    first.child.kill('SIGTERM');
    await first.exited;

    const again = await startServer(dataDir);
    again.child.kill('SIGTERM');
    expect(await again.exited).toEqual({ code: 0, signal: null });
    const listening = again.logs.find((l) => l.msg === 'listening') as {
      startupMs: number;
      cpuMs: number;
      stepsMs: Record<string, number>;
      stepsCpuMs: Record<string, number>;
    };
    const steps = ['bundle check', 'modules', 'database', 'catalogue', 'app', 'listen'];
    expect(Object.keys(listening.stepsMs)).toEqual(steps);
    expect(Object.keys(listening.stepsCpuMs)).toEqual(steps);
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    // Each step is rounded on its own: the sum may be off by one per step.
    expect(Math.abs(sum(listening.stepsMs) - listening.startupMs)).toBeLessThanOrEqual(steps.length);
    expect(Math.abs(sum(listening.stepsCpuMs) - listening.cpuMs)).toBeLessThanOrEqual(steps.length);
    // Opening an existing embedded database is never free: the figures are measured, not placeholders.
    expect(listening.stepsMs.database).toBeGreaterThan(0);
    expect(listening.stepsCpuMs.modules).toBeGreaterThan(0);
  }, 120_000);

  it('starts its workers once the first request is answered, not before: the first answer does not queue behind them', async () => {
    const server = await startServer(newDir());
    try {
      const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
      expect(ready.status).toBe(200);
      await eventually(async () => server.logs.some((l) => l.msg === 'workers started'));
      expect(server.logs.find((l) => l.msg === 'workers started')).toMatchObject({ after: 'the first request answered' });
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    }
  }, 60_000);

  it('starts its workers all the same when no request comes, two seconds after listening', async () => {
    const server = await startServer(newDir());
    try {
      await eventually(async () => server.logs.some((l) => l.msg === 'workers started'));
      const started = server.logs.find((l) => l.msg === 'workers started') as { after: string; afterListeningMs: number };
      expect(started.after).toBe('no request yet');
      expect(started.afterListeningMs).toBeGreaterThanOrEqual(2_000);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
    }
  }, 60_000);

  it('stopped the moment it says it listens, it still stops its workers and exits 0', async () => {
    const server = await startServer(newDir());
    // The workers start after the listening line: the signal races their start.
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.logs.find((l) => l.msg === 'stopped')).toMatchObject({ outcome: 'clean' });
    // Stopped while they waited for a first request: they never started, and the stop did not wait out their delay.
    expect(server.logs.some((l) => l.msg === 'workers started')).toBe(false);
  }, 60_000);
});

describe("the bundle's freshness check", () => {
  // Inside the tree (the build names bundles by their path in it), in a git-ignored folder.
  const folder = newDir(join(process.cwd(), 'dist'));
  const entry = join(folder, 'entry.ts').slice(process.cwd().length + 1);
  const dep = join(folder, 'dep.ts');
  const original = "export const greeting: string = 'hello';\n";
  const sameSize = "export const greeting: string = 'howdy';\n";

  it('trusts a file whose stat is unchanged, and reads any other: an edit that keeps size and mtime is still seen', async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(process.cwd(), entry), "import { greeting } from './dep.ts';\nconsole.log(greeting);\n");
    writeFileSync(dep, original);
    // Files written within 2 s of a build are hashed on every check (their stat could hide a write): age them first.
    await new Promise((r) => setTimeout(r, 2_100));
    const bundle: string = await build(entry, { quiet: true });
    dirs.push(bundle, `${bundle}.map`, bundle.replace(/\.mjs$/, '.manifest.json'));
    const manifestPath = bundle.replace(/\.mjs$/, '.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      inputs: Record<string, string>;
      stats: Record<string, string>;
    };
    const depKey = Object.keys(manifest.inputs).find((f) => f.endsWith('/dep.ts'))!;
    expect(manifest.stats[depKey]).toBeDefined();
    expect(bundleIsFresh(entry)).toBe(true);

    // The stat is what is read: with the recorded hash made wrong but the stat intact, the file is not hashed again.
    // Hashing the file would have matched the digest; taking the tampered hash on trust does not.
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, inputs: { ...manifest.inputs, [depKey]: '0'.repeat(40) } }));
    expect(bundleIsFresh(entry)).toBe(false);
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(bundleIsFresh(entry)).toBe(true);

    // Same size, mtime set back as `cp -p` would: the inode's change time still moves, so it is hashed and found changed.
    const { atime, mtime } = statSync(dep);
    writeFileSync(dep, sameSize);
    utimesSync(dep, atime, mtime);
    expect(statSync(dep).size).toBe(Buffer.byteLength(original));
    expect(bundleIsFresh(entry)).toBe(false);

    // The old bytes back under a new stat: hashed, equal, fresh again (no rebuild needed).
    writeFileSync(dep, original);
    expect(bundleIsFresh(entry)).toBe(true);
  }, 60_000);
});

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('a start on PostgreSQL with nothing to migrate', () => {
  it('opens without the migration lock, while another server holds it to migrate', async () => {
    const owner = await openTestDatabase();
    const holder = postgres(serverUrlOf.get(owner)!, { max: 1, onnotice: () => {} });
    try {
      await holder`SELECT pg_advisory_lock(7242010)`;
      // Before this change the start waited on the lock for as long as it was held.
      const started = performance.now();
      const second = await Promise.race([
        createDb({ DATABASE_URL: serverUrlOf.get(owner)!, DATABASE_POOL_SIZE: 1 }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('waited for the migration lock')), 10_000)),
      ]);
      expect(performance.now() - started).toBeLessThan(10_000);
      await second.close();
    } finally {
      await holder`SELECT pg_advisory_unlock(7242010)`;
      await holder.end();
      await owner.close();
    }
  }, 60_000);
});
