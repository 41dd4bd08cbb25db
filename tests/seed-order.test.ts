// A fresh install in either order: `init-secretariat` before the first `npm start`, or after it; the starter catalogue loads either way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from './support/cli.ts';
import { startServer } from './support/server-process.ts';

const dirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ed-order-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const graphql = async (port: number, query: string, token?: string) =>
  (
    await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    })
  ).json();

describe('a fresh install', () => {
  it('init-secretariat before the first start: the first start still loads the starter catalogue, and the host stays', async () => {
    const dataDir = newDataDir();
    const founded = await cliRunner({ DATA_DIR: dataDir })('init-secretariat', '--host', 'First Host', '--admin', 'admin@first.example');
    expect(founded.code).toBe(0);
    const token = founded.stdout.trim().split('\n').at(-1)!;

    const server = await startServer(dataDir, { SEED_ON_START: 'true' });
    try {
      expect(server.logs.find((l) => l.msg === 'seeded the starter catalogue')).toBeDefined();
      const seeded = await graphql(
        server.port,
        '{ organisation(slug: "connected-by-data") { name } caseStudies(first: 1) { totalCount } }',
      );
      expect(seeded.data.organisation).toEqual({ name: 'Connected by Data' });
      expect(seeded.data.caseStudies.totalCount).toBeGreaterThan(0);
      expect((await graphql(server.port, '{ me { email role isHost } }', token)).data.me).toEqual({
        email: 'admin@first.example',
        role: 'ADMIN',
        isHost: true,
      });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 180_000);

  it('seed first: init-secretariat then makes an organisation of the catalogue a host, and seeding again still works', async () => {
    const cli = cliRunner({ DATA_DIR: newDataDir() });
    expect((await cli('seed')).code).toBe(0);
    const founded = await cli('init-secretariat', '--host', 'Connected by Data', '--admin', 'admin@cbd.example');
    expect(founded.code).toBe(0);
    // Found by name: the catalogue's organisation became the host, rather than a second one of the same name.
    expect(founded.stdout).toContain('connected-by-data');
    const again = await cli('seed');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/0 inserted/) });
  }, 180_000);
});
