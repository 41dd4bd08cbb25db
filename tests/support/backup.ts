// A directory worth backing up, made as its users make it, and every row of a database, to compare two of them.
import type { DbHandle } from '../../src/db.ts';
import type { TestApp } from './app.ts';
import { ConsoleClient } from './console.ts';
import { createCast, type Cast } from './editorial-cast.ts';
import { mutate, publishOrg } from './editorial-mutations.ts';

export interface BuiltDirectory {
  cast: Cast;
  /** A browser signed in to the console before the backup: its session must survive the round trip. */
  browser: ConsoleClient;
}

/**
 * The cast (hosts, partners, members, tokens, one revoked), a published organisation (revisions, audit) and a
 * case study with links and a linked organisation, and a console session: all through GraphQL and the console.
 */
export async function buildDirectory(app: TestApp, outbox: string): Promise<BuiltDirectory> {
  const cast = await createCast(app);
  const org = await publishOrg(app, cast.as.editorA, cast.as.reviewerB, { name: 'Backed Up Trust', kind: 'CHARITY' });
  if (org.published.__typename !== 'EditResult') throw new Error(`setup: ${JSON.stringify(org)}`);
  const study = await mutate(
    app,
    'createCaseStudy(input: $i)',
    '$i: CaseStudyInput!',
    {
      i: {
        title: 'A citizens’ jury on data',
        organisations: [{ organisation: org.published.slug, role: 'CONVENER' }],
        links: [{ url: 'https://example.org/report', label: 'The report', kind: 'ARTICLE' }],
      },
    },
    cast.as.editorA,
  );
  if (study.__typename !== 'EditResult') throw new Error(`setup: ${JSON.stringify(study)}`);
  const browser = new ConsoleClient(app.app);
  const signedIn = await browser.signIn(cast.emails.editorA, outbox);
  if (signedIn.res.status !== 303) throw new Error(`setup: sign-in answered ${signedIn.res.status}`);
  return { cast, browser };
}

async function query(handle: DbHandle, text: string): Promise<Record<string, unknown>[]> {
  if (handle.pglite) return (await handle.pglite.query<Record<string, unknown>>(text)).rows;
  return [...(await handle.postgres!.unsafe(text))];
}

/**
 * Every row of every table of ours (and drizzle's record of migrations), each table's rows sorted, and where every
 * sequence stands. Read with SQL because comparing two databases row for row is not something any API offers.
 */
export async function everyRow(handle: DbHandle): Promise<Record<string, string[]>> {
  const tables = await query(
    handle,
    // Not unlogged tables: the rate limit's counts change on their own, and a backup leaves them out.
    `SELECT schemaname || '.' || tablename AS name FROM pg_tables t WHERE schemaname IN ('public', 'drizzle')
       AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = t.schemaname AND c.relname = t.tablename AND c.relpersistence = 'u')
     ORDER BY 1`,
  );
  const all: Record<string, string[]> = {};
  for (const { name } of tables as { name: string }[]) {
    const [schema, table] = name.split('.');
    const rows = await query(handle, `SELECT to_jsonb(t)::text AS row FROM "${schema}"."${table}" t ORDER BY 1`);
    all[name] = rows.map((r) => r.row as string);
  }
  const sequences = await query(
    handle,
    `SELECT schemaname || '.' || sequencename || '=' || coalesce(last_value, 0) AS s FROM pg_sequences ORDER BY 1`,
  );
  all['(sequences)'] = sequences.map((r) => r.s as string);
  return all;
}
