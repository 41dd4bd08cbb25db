// The search lexicon is kept by the write path: a draft teaches it nothing, publishing through the workflow teaches it the entry's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from './support/editorial-cast.ts';
import { createEditorialApp } from './support/editorial-cast.ts';
import { createOrg, move, updateOrg } from './support/editorial-mutations.ts';
import type { TestApp } from './support/app.ts';

let app: TestApp;
let cast: Cast;

beforeAll(async () => ({ app, cast } = await createEditorialApp()));
afterAll(() => app.close());

const names = async (q: string) => {
  const { body } = await app.graphql<any>(`query($q: String!) { organisations(search: $q) { nodes { name } } }`, { q });
  expect(body.errors).toBeUndefined();
  return body.data.organisations.nodes.map((n: { name: string }) => n.name);
};

describe('the lexicon and the editorial workflow', () => {
  it('a word of a draft corrects nothing; once approved, a typo of it finds the organisation', async () => {
    const created = await createOrg(app, cast.as.editorA, { slug: 'quarrymoss', name: 'Quarrymoss Collective', kind: 'CHARITY' });
    expect(created.__typename).toBe('EditResult');
    // The draft is stored, its words are not known: the typo is searched as typed, and finds nothing.
    expect(await names('Quarymoss')).toEqual([]);
    const submitted = await move(app, cast.as.editorA, 'submit', created.entryId, created.revision.id);
    const approved = await move(app, cast.as.reviewerB, 'approve', created.entryId, submitted.revision.id);
    expect(approved.publicationState).toBe('PUBLISHED');
    expect(await names('Quarymoss')).toEqual(['Quarrymoss Collective']);
    expect(await names('Quarrymoss')).toEqual(['Quarrymoss Collective']);
  });

  it('an approved edit that renames a published entry teaches the new word (an UPDATE, not an INSERT)', async () => {
    const created = await createOrg(app, cast.as.editorA, { slug: 'brackenfold', name: 'Brackenfold Trust', kind: 'CHARITY' });
    let submitted = await move(app, cast.as.editorA, 'submit', created.entryId, created.revision.id);
    const approved = await move(app, cast.as.reviewerB, 'approve', created.entryId, submitted.revision.id);
    expect(await names('Gorsewik')).toEqual([]);
    const edited = await updateOrg(app, cast.as.editorA, created.entryId, approved.revision.id, {
      slug: 'brackenfold',
      name: 'Gorsewick Trust',
      kind: 'CHARITY',
    });
    expect(edited.__typename).toBe('EditResult');
    submitted = await move(app, cast.as.editorA, 'submit', created.entryId, edited.revision.id);
    await move(app, cast.as.reviewerB, 'approve', created.entryId, submitted.revision.id);
    expect(await names('Gorsewik')).toEqual(['Gorsewick Trust']);
  });
});
