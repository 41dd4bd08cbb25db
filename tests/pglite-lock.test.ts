// The embedded database's lock: never taken from a live server however long it stalls, and free the moment its holder dies.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DatabaseLockedError, lockDataDir, lockFiles } from '../src/data-dir-lock.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const dirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ed-lock-'));
  dirs.push(dir);
  return dir;
};
const running: ServerProcess[] = [];
afterEach(() => {
  // A failed test may leave a server stopped (SIGSTOP): only SIGKILL ends it for sure.
  for (const s of running.splice(0)) s.child.kill('SIGKILL');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const started = async (dataDir: string) => {
  const server = await startServer(dataDir);
  running.push(server);
  return server;
};
/** The error a start fails with; a start that succeeds is kept for the clean-up, so it cannot outlive the test. */
const refusedStart = async (dataDir: string) => {
  try {
    running.push(await startServer(dataDir));
    return 'it started';
  } catch (err) {
    return (err as Error).message;
  }
};
const get = async (port: number, path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).status;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a server on the embedded database', () => {
  it('keeps its folder while stopped, past the old 10 s staleness; once killed, a restart takes it at once', async () => {
    const dataDir = newDataDir();
    const first = await started(dataDir);
    const refusal = new RegExp(`already open in another process \\(pid ${first.child.pid}: `);

    first.child.kill('SIGSTOP');
    expect(await refusedStart(dataDir)).toMatch(refusal);
    // The lock this replaced counted a holder that had not renewed its file for 10 s as gone, and a second
    // server then opened the same folder under the first.
    await sleep(12_000);
    expect(await refusedStart(dataDir)).toMatch(refusal);

    first.child.kill('SIGCONT');
    expect(await get(first.port, '/readyz')).toBe(200);

    first.child.kill('SIGKILL');
    await first.exited;
    // Before, the folder was refused for 10 to 14 s ("already open in another process") though no process had it.
    const takenAt = performance.now();
    const release = await lockDataDir(dataDir);
    expect(performance.now() - takenAt).toBeLessThan(1_000);
    await release();
    const second = await started(dataDir);
    expect(await get(second.port, '/readyz')).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});

describe('the socket file in DATA_DIR, which also reaches processes in other network namespaces', () => {
  it('refuses the folder while any process listens on it, even one that holds nothing else', async () => {
    const dataDir = newDataDir();
    // As a server in another container sharing the volume is seen: by its socket file alone, since the abstract
    // socket belongs to a network namespace.
    const elsewhere = createServer();
    await new Promise<void>((resolve) => elsewhere.listen(join(dataDir, lockFiles[0]), resolve));
    try {
      await expect(lockDataDir(dataDir)).rejects.toThrow(DatabaseLockedError);
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
    const release = await lockDataDir(dataDir);
    await release();
  });

  it('takes over a socket file left by a killed process, and removes its own on release', async () => {
    const dataDir = newDataDir();
    const socket = join(dataDir, lockFiles[0]);
    const holder = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(existsSync(socket)).toBe(true);

    const release = await lockDataDir(dataDir);
    // Held now: a second taker in this process is refused too.
    await expect(lockDataDir(dataDir)).rejects.toThrow(DatabaseLockedError);
    await release();
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(join(dataDir, lockFiles[1]))).toBe(false);
  });

  it('a folder whose socket file cannot be made: Linux holds it by the abstract socket alone, macOS says why', async () => {
    // Longer than any socket path the kernel takes (108 bytes on Linux, 104 on macOS).
    const dataDir = join(newDataDir(), 'a-folder-name-long-enough'.repeat(5));
    mkdirSync(dataDir);
    if (process.platform === 'darwin') {
      await expect(lockDataDir(dataDir)).rejects.toThrow(/the file's path must be at most 103 bytes long/);
      return;
    }
    const release = await lockDataDir(dataDir);
    await expect(lockDataDir(dataDir)).rejects.toThrow(DatabaseLockedError);
    expect(existsSync(join(dataDir, lockFiles[0]))).toBe(false);
    await release();
    await (await lockDataDir(dataDir))();
  });
});
