// Fields every entry type shares: slug, publication state and timestamps.
import { PublicationStateEnum } from './enums.graphql.ts';

/** Spread into a drizzleNode's fields; `t` is that node's field builder. */
export function entryFields(t: any) {
  return {
    slug: t.exposeString('slug', { description: 'Stable, human-readable key; part of the public URL.' }),
    publicationState: t.expose('publicationState', { type: PublicationStateEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  } as const;
}
