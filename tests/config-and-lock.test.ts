// Configuration names the bad variable; the embedded database refuses a second process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { DatabaseLockedError } from '../src/data-dir-lock.ts';
import { createDb } from '../src/db.ts';

describe('configuration', () => {
  it('has defaults a newcomer can run with', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/DATABASE_URL/);
    }
  });
});

describe('the embedded database', () => {
  it('persists under DATA_DIR and refuses a second opener with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ed-lock-'));
    try {
      const first = await createDb({ DATA_DIR: dir });
      await first.pglite!.exec(`INSERT INTO places (slug, name) VALUES ('lock-test', 'Lock test')`);
      await expect(createDb({ DATA_DIR: dir })).rejects.toThrow(DatabaseLockedError);
      await expect(createDb({ DATA_DIR: dir })).rejects.toThrow(/already open in another process/);
      await first.close();
      const reopened = await createDb({ DATA_DIR: dir });
      const { rows } = await reopened.pglite!.query<{ name: string }>(`SELECT name FROM places WHERE slug = 'lock-test'`);
      expect(rows).toEqual([{ name: 'Lock test' }]);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Opens an on-disk database twice (migrations each time), which is slow on a loaded machine.
  }, 120_000);
});
