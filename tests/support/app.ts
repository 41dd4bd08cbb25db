// A test app on its own database: requests go through app.request, as a client's would.
import { createApp, type AppDeps } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { DbHandle } from '../../src/db.ts';
import { createLogger } from '../../src/log.ts';
import { createTokenVerifier } from '../../src/modules/accounts/tokens.ts';
import { seedCatalogue } from '../../seed/load.ts';
import { openTestDatabase } from './database.ts';
import { newOutbox } from './console.ts';
import { acceptJson, postGraphQL } from './graphql.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  handle: DbHandle;
  config: Config;
  /** POST a GraphQL operation; returns the parsed body, the status and the SQL statements it sent. */
  graphql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: { data?: T; errors?: any[] }; statements: number }>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Omit<AppDeps, 'config'>> & { env?: Record<string, string> } = {}): Promise<TestApp> {
  // A handle given is the caller's own database (a folder of the embedded one, a restored copy); else a fresh one.
  const handle = overrides.handle ?? (await openTestDatabase());
  // Review notices and sign-in links go to a folder of this test's own, never ./data/outbox.
  const config = loadConfig({ LOG_LEVEL: 'silent', OUTBOX_DIR: newOutbox(), ...overrides.env });
  const app = createApp({
    handle,
    config,
    logger: createLogger(config.LOG_LEVEL),
    verifyToken: createTokenVerifier({ db: handle.db, handle }),
    ...overrides,
  });
  return {
    app,
    handle,
    config,
    async graphql(query, variables, headers = {}) {
      const before = handle.statements.count;
      const res = await postGraphQL(app, { query, variables }, { ...acceptJson, ...headers });
      return { status: res.status, body: (await res.json()) as any, statements: handle.statements.count - before };
    },
    close: () => handle.close(),
  };
}

/** A test app on the seed catalogue (seed/catalogue), as a fresh install after `npm run seed` has it. */
export async function createSeededTestApp(overrides: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  const t = await createTestApp(overrides);
  try {
    await seedCatalogue(t.handle.db);
    return t;
  } catch (err) {
    await t.close();
    throw err;
  }
}
