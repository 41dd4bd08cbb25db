// Fields every entry type shares: slug, publication state, timestamps, and where it came from.
import type { EntryType } from '../../../schema/editorial.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { originsOf, type EntryOrigin } from '../sync/origins.ts';
import { PublicationStateEnum } from './enums.graphql.ts';

const EntryOriginRef = builder.objectRef<EntryOrigin>('EntryOrigin').implement({
  description: 'Another directory this entry was brought from (docs/sync.md); its page there is the canonical one.',
  fields: (t) => ({
    source: t.exposeString('source', { description: "The source's name, as the operator added it." }),
    id: t.exposeString('id', { description: "The entry's global id at the source." }),
    url: t.expose('url', { type: 'URL', nullable: true, description: "The entry's page at the source." }),
  }),
});

type Batch = { ids: Set<number>; loaded: Promise<Map<number, EntryOrigin>> };
const batches = new WeakMap<object, Map<EntryType, Batch>>();

/**
 * One statement for every entry of a type whose origin a request asks for at once (a page of organisations): graphql-js
 * calls sibling resolvers in the same tick, so the ids gathered until the next microtask are read together.
 */
function loadOrigin(ctx: GraphQLContext, type: EntryType, id: number): Promise<EntryOrigin | null> {
  let byType = batches.get(ctx);
  if (!byType) {
    byType = new Map();
    batches.set(ctx, byType);
  }
  let batch = byType.get(type);
  if (!batch) {
    const ids = new Set<number>();
    const pending = byType;
    const loaded = Promise.resolve().then(() => {
      pending.delete(type);
      return originsOf(ctx.db, type, [...ids]);
    });
    batch = { ids, loaded };
    byType.set(type, batch);
  }
  batch.ids.add(id);
  return batch.loaded.then((origins) => origins.get(id) ?? null);
}

/** Spread into a drizzleNode's fields; `t` is that node's field builder, `type` the entry type it describes. */
export function entryFields(t: any, type: EntryType) {
  return {
    origin: t.field({
      type: EntryOriginRef,
      nullable: true,
      description: 'Where the entry came from, when another directory brought it; null for entries of this directory.',
      select: { columns: { id: true } },
      // Not in the compiled path's model, so a document asking for it is served by Pothos.
      resolve: (row: { id: number }, _args: unknown, ctx: GraphQLContext) => loadOrigin(ctx, type, row.id),
    }),
    slug: t.exposeString('slug', { description: 'Stable, human-readable key; part of the public URL.' }),
    publicationState: t.expose('publicationState', { type: PublicationStateEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  } as const;
}
