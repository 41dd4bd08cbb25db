// The response cache behind the real write paths: an approved edit reaches anonymous readers, other cached answers stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../seed/factories.ts';
import type { TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { move, updateOrg, publishOrg } from './support/editorial-mutations.ts';
import { eventually } from './support/eventually.ts';

let app: TestApp;
let cast: Cast;
let bystander: { slug: string };

beforeAll(async () => {
  ({ app, cast } = await createEditorialApp({ responseCache: {}, env: { RATE_LIMIT_PER_MINUTE: '0' } }));
  bystander = await createOrganisation({ db: app.handle.db, name: 'Bystander' });
});
afterAll(() => app?.close());

const read = (slug: string) => app.graphql(`query($slug: String!) { organisation(slug: $slug) { name description } }`, { slug }, anonymous);

describe('an approved edit', () => {
  it('replaces the cached public answer, and leaves other cached answers alone', async () => {
    const { created, published } = await publishOrg(app, cast.as.contributorP, cast.as.reviewerA, {
      slug: 'cached-hub',
      name: 'Cached Hub',
      kind: 'NETWORK',
      description: 'Approved text',
    });
    // The cache answers once its LISTEN is in place.
    // Read once to refill the cache, then again: the second read must be served without SQL.
    const servedFromCache = async (slug: string) => {
      await read(slug);
      return (await read(slug)).statements === 0;
    };
    await eventually(() => servedFromCache('cached-hub'));
    await eventually(() => servedFromCache(bystander.slug));
    expect((await read('cached-hub')).body.data.organisation.description).toBe('Approved text');

    const edit = await updateOrg(app, cast.as.contributorP, created.entryId, published.revision.id, { description: 'Newly approved text' });
    const pending = await move(app, cast.as.contributorP, 'submit', created.entryId, edit.revision.id);
    await move(app, cast.as.reviewerA, 'approve', created.entryId, pending.revision.id);

    await eventually(async () => (await read('cached-hub')).body.data.organisation.description === 'Newly approved text');
    expect((await read(bystander.slug)).statements).toBe(0);
  });
});
