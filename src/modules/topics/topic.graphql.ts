// The Topic type (a node in the shared taxonomy) and the topic queries.
import { sql } from 'drizzle-orm';
import { topics } from '../../../schema/topics.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { entryFields } from '../catalogue/entry-fields.graphql.ts';
import { assertPlainText, normaliseSearch, SEARCH_RANK_WINDOW, TYPO_NOTE, searchRank } from '../catalogue/filters.ts';
import { countEntries, listEntries, type EntryList } from '../catalogue/entry-list.graphql.ts';
import { canReadUnpublished, visibleWhere } from '../catalogue/visibility.ts';
import { topicFilterSql } from './topic-filter.ts';

export const Topic = builder.drizzleNode('topics', {
  name: 'Topic',
  // Only what fields ask for is loaded; the state is always there for the visibility rule.
  select: { columns: { publicationState: true } },
  description: 'A subject in the shared taxonomy. Topics form a tree: asking for a topic includes its narrower topics.',
  id: { column: (t) => t.id },
  fields: (t) => ({
    ...entryFields(t, 'topic'),
    label: t.exposeString('label'),
    description: t.exposeString('description', { nullable: true }),
    aliases: t.exposeStringList('aliases', { description: 'Other names people use for this topic.' }),
    broader: t.relation('broader', { nullable: true, query: (_args, ctx) => ({ where: visibleWhere(ctx) }) }),
    narrower: t.relatedConnection('narrower', {
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { label: 'asc' } }),
    }),
    organisations: t.relatedConnection('organisations', {
      description: 'Organisations tagged with exactly this topic.',
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { name: 'asc' } }),
    }),
    caseStudies: t.relatedConnection('caseStudies', {
      description: 'Case studies tagged with exactly this topic, newest first.',
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { createdAt: 'desc' } }),
    }),
    events: t.relatedConnection('events', {
      description: 'Events tagged with exactly this topic, by start.',
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { startsAt: 'asc' } }),
    }),
  }),
});

const TopicFilter = builder.inputType('TopicFilter', {
  fields: (t) => ({
    broader: t.string({ required: false, description: 'Only the topics directly narrower than this slug.' }),
    rootsOnly: t.boolean({ required: false, description: 'Only the top of the tree.' }),
  }),
});

/** What a page of topics is: A to Z, or best match first with a search. */
function list(
  args: { filter?: typeof TopicFilter.$inferInput | null; search?: string | null },
  ctx: GraphQLContext,
): EntryList<typeof topics> {
  const q = normaliseSearch(['search'], args.search);
  const published = !canReadUnpublished(ctx);
  return {
    table: topics,
    filter: (tp) => topicFilterSql(tp, args.filter, q, published),
    rank: q ? (tp) => searchRank(tp.search, q) : undefined,
    orderBy: { label: 'asc' },
  };
}

builder.queryFields((t) => ({
  topic: t.drizzleField({
    type: Topic,
    nullable: true,
    description: 'One topic by slug or alias; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const name = assertPlainText(['slug'], args.slug).toLowerCase();
      return ctx.db.query.topics.findFirst(
        query({
          where: {
            ...visibleWhere(ctx),
            // Aliases are written as people say them ("AI for public services"); any case finds them.
            RAW: (tp) => sql`(${tp.slug} = ${name} OR EXISTS (SELECT 1 FROM unnest(${tp.aliases}) alias WHERE lower(alias) = ${name}))`,
          },
          orderBy: { id: 'asc' },
        }),
      );
    },
  }),
  topics: t.drizzleConnection(
    {
      type: Topic,
      args: {
        filter: t.arg({ type: TopicFilter, required: false }),
        search: t.arg.string({
          required: false,
          description: `Best match first, instead of A to Z. ${TYPO_NOTE} Ranks the ${SEARCH_RANK_WINDOW} newest matches, and totalCount counts every match.`,
        }),
      },
      totalCount: (_parent, args, ctx, info) => countEntries(ctx, info, args, list(args, ctx)),
      resolve: (query, _root, args, ctx, info) =>
        listEntries(ctx, info, list(args, ctx), (options) => ctx.db.query.topics.findMany(query(options))),
    },
    { name: 'TopicConnection' },
    { name: 'TopicEdge' },
  ),
}));
