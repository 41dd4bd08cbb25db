// The `changes` connection: the public change feed in GraphQL, with the same cursors as GET /changes.
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../graphql/page-size.ts';
import { invalidInput } from '../../errors.ts';
import { EntryTypeEnum } from '../editorial/revision.graphql.ts';
import { listChanges, viewOf, type PublicChangeView } from './change-feed.ts';
import { decodeCursor, START } from './cursor.ts';

const Tombstone = builder.objectRef<NonNullable<PublicChangeView['tombstone']>>('Tombstone').implement({
  description: 'What is left of an entry that left the public view (the shape of an ActivityStreams Tombstone). Kept for ever.',
  fields: (t) => ({
    formerType: t.exposeString('formerType', { description: 'The type the entry had: Event, CaseStudy...' }),
    deleted: t.field({ type: 'DateTime', description: 'When it left the public view.', resolve: (s) => s.deleted }),
  }),
});

const ChangeActionEnum = builder.enumType('ChangeAction', {
  description:
    'CREATED: public for the first time; UPDATED: its public content changed; RENAMED: its slug changed (oldSlug keeps the old one); ' +
    'PUBLISHED: public again; ARCHIVED and UNPUBLISHED: no longer public (a tombstone).',
  values: {
    CREATED: { value: 'created' },
    UPDATED: { value: 'updated' },
    RENAMED: { value: 'renamed' },
    PUBLISHED: { value: 'published' },
    ARCHIVED: { value: 'archived' },
    UNPUBLISHED: { value: 'unpublished' },
  } as const,
});

const Change = builder.objectRef<PublicChangeView>('Change').implement({
  description: 'One change to the public view of an entry.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', {
      description: "This change's place in the feed: its edge's cursor, and the same as GET /changes gives.",
    }),
    type: t.exposeString('type', { description: "The entry's type name: Organisation, CaseStudy, Method, Event, EventSeries or Topic." }),
    // Not `id`: one entry has many changes, and clients that normalise by id would merge them.
    entryId: t.exposeID('id', { description: "The entry's global id (as `node(id:)` takes)." }),
    slug: t.exposeString('slug', { description: 'Its slug after the change.' }),
    oldSlug: t.exposeString('oldSlug', { nullable: true, description: 'For RENAMED: the slug it had (which still redirects).' }),
    action: t.field({ type: ChangeActionEnum, resolve: (c) => c.action }),
    at: t.field({ type: 'DateTime', resolve: (c) => c.at }),
    url: t.string({ nullable: true, description: 'Its public page (event series have none).', resolve: (c) => c.url }),
    tombstone: t.field({ type: Tombstone, nullable: true, resolve: (c) => c.tombstone ?? null }),
  }),
});

builder.queryField('changes', (t) =>
  t.connection(
    {
      type: Change,
      description:
        'Public changes to entries, oldest first, in commit order: page with `after` (a cursor from here, from GET /changes or from a snapshot). ' +
        'Reading again after a cursor gives the same changes; nothing is ever removed. See docs/following.md.',
      args: {
        types: t.arg({ type: [EntryTypeEnum], required: false, description: 'Only changes to these kinds of entry.' }),
      },
      resolve: async (_root, args, ctx: GraphQLContext) => {
        if (args.before || args.last != null) throw invalidInput(['last'], 'changes page forwards only: use first and after');
        const limit = args.first ?? DEFAULT_PAGE_SIZE;
        if (limit < 1 || limit > MAX_PAGE_SIZE) throw invalidInput(['first'], `must be from 1 to ${MAX_PAGE_SIZE}`);
        const after = args.after == null ? START : decodeCursor('after', args.after);
        const types = args.types?.length ? [...new Set(args.types)] : null;
        const { rows, hasMore } = await listChanges({ db: ctx.db, after, limit, types });
        const edges = rows.map((row) => {
          const node = viewOf(row, ctx.config.PUBLIC_URL);
          return { cursor: node.cursor, node };
        });
        return {
          edges,
          pageInfo: {
            hasPreviousPage: after > START,
            hasNextPage: hasMore,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    { name: 'ChangeConnection' },
    { name: 'ChangeEdge' },
  ),
);
