// Fault test: the server on the embedded database killed (SIGKILL) under a stream of writes restarts at once with every acknowledged write.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from './support/cli.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ed-sigkill-'));
let server: ServerProcess | undefined;
afterAll(() => {
  server?.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

// Writers at once: PGlite runs one statement at a time, so more only queue; these keep one in flight at any moment.
const writers = 3;
const rounds = 3;

interface Answer {
  status: number;
  body: { data?: any; errors?: unknown[] };
}

async function graphql(port: number, token: string, query: string, variables: object = {}): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const create = `mutation($input: OrganisationInput!) {
  r: createOrganisation(input: $input) { __typename ... on EditResult { entryId } }
}`;

/** Every entry the host maintains, page by page. */
async function maintainedIds(port: number, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | null = null;
  do {
    const { status, body } = await graphql(
      port,
      token,
      'query($after: String) { maintainedEntries(first: 100, after: $after) { nodes { entryId } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    const page = body.data.maintainedEntries;
    for (const node of page.nodes) ids.add(node.entryId);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

describe('SIGKILL under writes, on the embedded database', () => {
  it('restarts at once on the same DATA_DIR with every write that was answered 200 without errors', async () => {
    // The host and its token through the CLI, as an operator founds one.
    const founded = await cliRunner({ DATA_DIR: dataDir })('init-secretariat', '--host', 'Fault Host', '--admin', 'admin@fault.example');
    expect(founded.code).toBe(0);
    const token = founded.stdout.trim().split('\n').at(-1)!;

    const acknowledged = new Set<string>();
    // Anything the server answered other than an acknowledgement: a lost connection is expected, an answer is not.
    const otherAnswers: unknown[] = [];
    for (let round = 0; round < rounds; round++) {
      // The restart itself is the check on the lock: the folder of a killed server is free at once.
      server = await startServer(dataDir, { RATE_LIMIT_PER_MINUTE: '100000' });
      const port = server.port;
      const before = acknowledged.size;
      let killed = false;
      const streams = Array.from({ length: writers }, async (_, writer) => {
        for (let n = 0; !killed; n++) {
          let answer: Answer;
          try {
            answer = await graphql(port, token, create, { input: { name: `Fault ${round}-${writer}-${n}` } });
          } catch {
            return; // the connection died with the server: this write may or may not have been made
          }
          const id = answer.body.data?.r?.entryId;
          if (answer.status === 200 && !answer.body.errors && id) acknowledged.add(id);
          else otherAnswers.push(answer);
        }
      });
      // Killed at a different point each round, while every writer has a request in flight.
      let exited = false;
      void server.exited.then(() => {
        exited = true;
      });
      while (acknowledged.size < before + 20 + round * 15 && !exited) await new Promise((r) => setTimeout(r, 5));
      expect(exited).toBe(false);
      server.child.kill('SIGKILL');
      killed = true;
      await Promise.all(streams);
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    }

    server = await startServer(dataDir);
    const present = await maintainedIds(server.port, token);
    expect([...acknowledged].filter((id) => !present.has(id))).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(rounds * 20);
    expect(otherAnswers).toEqual([]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
