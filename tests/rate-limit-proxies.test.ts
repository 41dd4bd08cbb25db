// Behind a proxy every client arrives from one address: TRUSTED_PROXIES lets X-Forwarded-For tell them apart, never by default.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../src/log.ts';
import { createTestApp } from './support/app.ts';

const BUDGET = 3;

/**
 * A real server on loopback (app.request has no socket, so no peer to trust or not), with its request log kept.
 * Each on a database of its own: on PostgreSQL, servers of one database share their counts.
 */
async function listening(trustedProxies: string | undefined) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', (line) => lines.push(JSON.parse(line)));
  const env: Record<string, string> = { RATE_LIMIT_PER_MINUTE: String(BUDGET), LOG_LEVEL: 'info' };
  if (trustedProxies) env.TRUSTED_PROXIES = trustedProxies;
  const t = await createTestApp({ env, logger });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** Statuses of `n` requests for /changes that claim to come from `client`. */
    async spend(client: string, n: number) {
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) statuses.push((await fetch(`${base}/changes`, { headers: { 'x-forwarded-for': client } })).status);
      return statuses;
    },
    loggedClients: () => lines.filter((l) => l.msg === 'request').map((l) => l.client),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

describe('X-Forwarded-For', () => {
  test('is ignored without TRUSTED_PROXIES: two clients behind one proxy share its budget', async () => {
    const proxy = await listening(undefined);
    try {
      expect(await proxy.spend('203.0.113.1', 2)).toEqual([200, 200]);
      expect(await proxy.spend('203.0.113.2', 2)).toEqual([200, 429]);
      expect(new Set(proxy.loggedClients())).toEqual(new Set(['127.0.0.1']));
    } finally {
      await proxy.close();
    }
  });

  test('names the client when the peer is a trusted proxy: each gets a budget, and the log names it', async () => {
    const proxy = await listening('loopback');
    try {
      expect(await proxy.spend('203.0.113.1', BUDGET + 1)).toEqual([200, 200, 200, 429]);
      expect(await proxy.spend('203.0.113.2', BUDGET)).toEqual([200, 200, 200]);
      // A client cannot prepend its way to a fresh budget: the rightmost address the proxy did not add is the client.
      expect(await proxy.spend('10.9.9.9, 203.0.113.1', 1)).toEqual([429]);
      expect(proxy.loggedClients().slice(0, BUDGET + 1)).toEqual(Array(BUDGET + 1).fill('203.0.113.1'));
    } finally {
      await proxy.close();
    }
  });

  test('is ignored from a peer that is not a trusted proxy, however it is forged', async () => {
    const proxy = await listening('10.0.0.0/8');
    try {
      expect(await proxy.spend('203.0.113.1', 2)).toEqual([200, 200]);
      expect(await proxy.spend('203.0.113.2', 2)).toEqual([200, 429]);
      expect(new Set(proxy.loggedClients())).toEqual(new Set(['127.0.0.1']));
    } finally {
      await proxy.close();
    }
  });
});
