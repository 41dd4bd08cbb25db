// The /organisations facet counts kept by triggers equal the counts computed from the entries, after every kind of write.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, organisationTopics, topics } from '../schema/index.ts';
import { createOrganisation, createTopic } from '../seed/factories.ts';
import { facets, matchingIds } from '../src/modules/directory/facets.ts';
import { countFacets, type FacetValue } from '../src/modules/directory/load.ts';
import type { TestApp } from './support/app.ts';
import { createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { createOrg, move, publishOrg, updateOrg } from './support/editorial-mutations.ts';

let app: TestApp;
let cast: Cast;
let topic: Record<'civic' | 'health' | 'nhs' | 'climate', { id: number; slug: string }>;

beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
  // Topics need two hosts' admins through the workflow; these tests are about organisations, so the tree is seeded.
  const db = app.handle.db;
  const civic = await createTopic({ db, label: 'Civic life' });
  const health = await createTopic({ db, label: 'Health', broaderId: civic.id });
  const nhs = await createTopic({ db, label: 'NHS data', broaderId: health.id });
  const climate = await createTopic({ db, label: 'Climate' });
  topic = { civic, health, nhs, climate };
});
afterAll(() => app.close());

const sorted = (values: FacetValue[]) =>
  values.map((v) => ({ value: v.value, count: v.count })).sort((a, b) => a.value.localeCompare(b.value));

/** What the page shows unfiltered (the kept counts) against each facet's own count over the published entries. */
async function expectKeptCountsToBeExact() {
  const db = app.handle.db;
  const kept = await countFacets(db, 'organisations', {}, null);
  for (const facet of facets.organisations) {
    const r: any = await db.execute(facet.counts(matchingIds('organisations', {}, null), {}));
    const counted = (Array.isArray(r) ? r : r.rows) as FacetValue[];
    expect(sorted(kept[facet.param]!), facet.param).toEqual(sorted(counted));
  }
  return kept;
}

/** A plain count through the API: how many published organisations the list has with that filter. */
async function apiCount(filter: Record<string, unknown>) {
  const { body } = await app.graphql<any>('query($f: OrganisationFilter) { organisations(filter: $f) { totalCount } }', { f: filter });
  expect(body.errors).toBeUndefined();
  return body.data.organisations.totalCount as number;
}

describe('the organisations listing facet counts', () => {
  it('follow the editorial workflow: publishing, a draft, an edit of the topics and region, archiving', async () => {
    const a = await publishOrg(app, cast.as.editorA, cast.as.reviewerB, {
      slug: 'facet-fenwick',
      name: 'Fenwick Forum',
      kind: 'CHARITY',
      region: 'Facetshire',
      country: 'GB',
      topics: [topic.nhs.slug, topic.health.slug],
    });
    await publishOrg(app, cast.as.editorA, cast.as.reviewerB, {
      slug: 'facet-greave',
      name: 'Greave Institute',
      kind: 'UNIVERSITY',
      region: 'Facetshire',
      topics: [topic.climate.slug],
    });
    // A draft counts nowhere.
    await createOrg(app, cast.as.editorA, {
      slug: 'facet-draft',
      name: 'Draft Collective',
      kind: 'CHARITY',
      region: 'Facetshire',
      topics: [topic.nhs.slug],
    });
    let kept = await expectKeptCountsToBeExact();
    // Fenwick counts once under Civic life though two of its topics are beneath it.
    const civicBefore = kept.topic!.find((v) => v.value === topic.civic.slug)!.count;
    expect(kept.region!.find((v) => v.value === 'Facetshire')?.count).toBe(2);
    expect(kept.region!.find((v) => v.value === 'Facetshire')?.count).toBe(await apiCount({ region: 'Facetshire' }));
    for (const k of kept.kind!) expect(k.count, k.value).toBe(await apiCount({ kinds: [k.value.toUpperCase()] }));

    const edited = await updateOrg(app, cast.as.editorA, a.created.entryId, a.published.revision.id, {
      slug: 'facet-fenwick',
      name: 'Fenwick Forum',
      kind: 'CHARITY',
      region: 'Elsewhere',
      country: 'GB',
      topics: [topic.climate.slug],
    });
    const submitted = await move(app, cast.as.editorA, 'submit', a.created.entryId, edited.revision.id);
    const approved = await move(app, cast.as.reviewerB, 'approve', a.created.entryId, submitted.revision.id);
    kept = await expectKeptCountsToBeExact();
    expect(kept.topic!.find((v) => v.value === topic.civic.slug)?.count ?? 0).toBe(civicBefore - 1);
    expect(kept.region!.find((v) => v.value === 'Facetshire')?.count).toBe(await apiCount({ region: 'Facetshire' }));

    const archived = await move(app, cast.as.editorA, 'archive', a.created.entryId, approved.revision.id);
    expect(archived.publicationState).toBe('ARCHIVED');
    kept = await expectKeptCountsToBeExact();
    expect(kept.region!.find((v) => v.value === 'Elsewhere')).toBeUndefined();
  });

  it('follow writes no reader can make through the API: a topic moved in the tree, tags and organisations deleted', async () => {
    // Sync, restore and the generator write these tables directly, and the counts must hold for every writer: the
    // triggers, not the workflow, keep them, so this test writes as those writers do.
    const db = app.handle.db;
    const b = await createOrganisation({ db, kind: 'network', region: 'Treeshire' });
    const c = await createOrganisation({ db, kind: 'network', region: 'Treeshire', publicationState: 'draft' });
    await db.insert(organisationTopics).values([
      { organisationId: b.id, topicId: topic.nhs.id },
      { organisationId: c.id, topicId: topic.nhs.id },
    ]);
    await expectKeptCountsToBeExact();
    await db.update(topics).set({ broaderId: topic.climate.id }).where(eq(topics.id, topic.health.id));
    const kept = await expectKeptCountsToBeExact();
    expect(kept.topic!.find((v) => v.value === topic.climate.slug)!.count).toBeGreaterThan(0);
    await db.update(organisations).set({ publicationState: 'published' }).where(eq(organisations.id, c.id));
    await expectKeptCountsToBeExact();
    await db.delete(organisationTopics).where(eq(organisationTopics.organisationId, b.id));
    await expectKeptCountsToBeExact();
    await db.delete(organisations).where(eq(organisations.id, c.id));
    expect((await expectKeptCountsToBeExact()).region!.find((v) => v.value === 'Treeshire')?.count).toBe(1);
    // The benchmark's generator empties the catalogue with TRUNCATE, which fires no DELETE trigger.
    await db.execute(sql`TRUNCATE organisation_topics`);
    expect((await expectKeptCountsToBeExact()).topic).toEqual([]);
  });
});
