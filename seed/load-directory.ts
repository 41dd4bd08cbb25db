// Loads the catalogue's shared vocabulary and actors: topics, places, organisations and methods.
import { methods, organisations, organisationTopics, places, topics } from '../schema/index.ts';
import type { MethodEntry, OrganisationEntry, PlaceEntry, TopicEntry } from './catalogue.ts';
import { parentsFirst, replaceJoinRows, SlugIds, touch, upsertBySlug, type Tx, type UpsertResult } from './upsert.ts';

/** One load in progress: the transaction, every slug resolved so far, and the running counts. */
export interface Load {
  tx: Tx;
  ids: Record<'topics' | 'places' | 'organisations' | 'methods' | 'caseStudies' | 'eventSeries' | 'events', SlugIds>;
  tally: { inserted: number; updated: number };
}

export function startLoad(tx: Tx): Load {
  return {
    tx,
    ids: {
      topics: new SlugIds('topic'),
      places: new SlugIds('place'),
      organisations: new SlugIds('organisation'),
      methods: new SlugIds('method'),
      caseStudies: new SlugIds('case study'),
      eventSeries: new SlugIds('event series'),
      events: new SlugIds('event'),
    },
    tally: { inserted: 0, updated: 0 },
  };
}

export function record(load: Load, ids: SlugIds, slug: string, result: UpsertResult): number {
  if (result.inserted) load.tally.inserted++;
  else load.tally.updated++;
  ids.set(slug, result.id);
  return result.id;
}

export async function loadTopics(load: Load, entries: TopicEntry[]): Promise<void> {
  for (const { broader, ...topic } of parentsFirst(entries, (t) => t.broader, 'topic')) {
    const broaderId = load.ids.topics.maybe(broader, `topic "${topic.slug}"`);
    const result = await upsertBySlug(load.tx, topics, { ...topic, broaderId, publicationState: 'published' });
    record(load, load.ids.topics, topic.slug, result);
  }
}

export async function loadPlaces(load: Load, entries: PlaceEntry[]): Promise<void> {
  for (const place of entries) record(load, load.ids.places, place.slug, await upsertBySlug(load.tx, places, place));
}

export async function loadOrganisations(load: Load, entries: OrganisationEntry[]): Promise<void> {
  for (const { parent, topics: topicSlugs, ...organisation } of parentsFirst(entries, (o) => o.parent, 'organisation')) {
    const from = `organisation "${organisation.slug}"`;
    const parentId = load.ids.organisations.maybe(parent, from);
    const result = await upsertBySlug(load.tx, organisations, { ...organisation, parentId, publicationState: 'published' });
    const id = record(load, load.ids.organisations, organisation.slug, result);
    const rows = topicSlugs.map((slug) => ({ organisationId: id, topicId: load.ids.topics.get(slug, from) }));
    const linksChanged = await replaceJoinRows(load.tx, organisationTopics, organisationTopics.organisationId, id, rows);
    if (linksChanged && !result.inserted) await touch(load.tx, organisations, id);
  }
}

export async function loadMethods(load: Load, entries: MethodEntry[]): Promise<void> {
  for (const method of entries) {
    const result = await upsertBySlug(load.tx, methods, { ...method, publicationState: 'published' });
    record(load, load.ids.methods, method.slug, result);
  }
}
