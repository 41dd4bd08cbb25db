// The response cache after its LISTEN connection is lost (a server restart, a network blip): it answers nothing from
// memory until it listens again, so no anonymous read is older than the last acknowledged write.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { move, publishOrg, updateOrg } from './support/editorial-mutations.ts';
import { eventually } from './support/eventually.ts';

let app: TestApp;
let cast: Cast;

beforeAll(async () => {
  ({ app, cast } = await createEditorialApp({ responseCache: {}, env: { RATE_LIMIT_PER_MINUTE: '0' } }));
});
afterAll(() => app?.close());

const read = (slug: string) => app.graphql(`query($slug: String!) { organisation(slug: $slug) { description } }`, { slug }, anonymous);
const servedFromCache = async (slug: string) => {
  await read(slug);
  return (await read(slug)).statements === 0;
};

describe('the response cache when its LISTEN connection is lost', () => {
  it('stops answering from memory at once, and is back, fresh, once it listens again', async () => {
    if (app.handle.kind === 'pglite') {
      // PGlite's notifications are delivered in this process: there is no connection to lose.
      expect(app.handle.postgresUrl).toBeUndefined();
      return;
    }
    const { created, published } = await publishOrg(app, cast.as.contributorP, cast.as.reviewerA, {
      slug: 'listened-hub',
      name: 'Listened Hub',
      kind: 'NETWORK',
      description: 'Before the blip',
    });
    await eventually(() => servedFromCache('listened-hub'));

    // What a server restart does to the listening connection, done to it alone: no user can, hence SQL.
    const killed = await app.handle.db.execute<{ pid: number }>(
      sql`SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name = 'engagement-directory-listener' AND datname = current_database()`,
    );
    expect(killed.length).toBeGreaterThan(0);

    // A write acknowledged while nobody listens: its notification is lost with the connection.
    const edit = await updateOrg(app, cast.as.contributorP, created.entryId, published.revision.id, { description: 'After the blip' });
    const pending = await move(app, cast.as.contributorP, 'submit', created.entryId, edit.revision.id);
    const approved = await move(app, cast.as.reviewerA, 'approve', created.entryId, pending.revision.id);
    expect(approved.__typename).toBe('EditResult');

    // At once, not eventually: the acknowledged write is what an anonymous reader sees.
    const after = await read('listened-hub');
    expect(after.body.data.organisation.description).toBe('After the blip');
    expect(after.statements).toBeGreaterThan(0);

    // LISTEN comes back by itself within about a second, and the cache serves again, the new text.
    await eventually(() => servedFromCache('listened-hub'), 10_000);
    expect((await read('listened-hub')).body.data.organisation.description).toBe('After the blip');
  });
});
