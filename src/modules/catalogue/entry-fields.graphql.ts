// Fields every entry type shares: slug, publication state, timestamps, and where it came from.
import type { EntryType } from '../../../schema/editorial.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { originOf, type EntryOrigin } from '../sync/origins.ts';
import { PublicationStateEnum } from './enums.graphql.ts';

const EntryOriginRef = builder.objectRef<EntryOrigin>('EntryOrigin').implement({
  description: 'Another directory this entry was brought from (docs/sync.md); its page there is the canonical one.',
  fields: (t) => ({
    source: t.exposeString('source', { description: "The source's name, as the operator added it." }),
    id: t.exposeString('id', { description: "The entry's global id at the source." }),
    url: t.expose('url', { type: 'URL', nullable: true, description: "The entry's page at the source." }),
  }),
});

/** Spread into a drizzleNode's fields; `t` is that node's field builder, `type` the entry type it describes. */
export function entryFields(t: any, type: EntryType) {
  return {
    origin: t.field({
      type: EntryOriginRef,
      nullable: true,
      description: 'Where the entry came from, when another directory brought it; null for entries of this directory.',
      select: { columns: { id: true } },
      // Not in the compiled path's model, so a document asking for it is served by Pothos.
      resolve: (row: { id: number }, _args: unknown, ctx: GraphQLContext) => originOf(ctx.db, type, row.id),
    }),
    slug: t.exposeString('slug', { description: 'Stable, human-readable key; part of the public URL.' }),
    publicationState: t.expose('publicationState', { type: PublicationStateEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  } as const;
}
