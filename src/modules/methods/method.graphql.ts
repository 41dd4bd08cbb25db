// The Method type (public dialogue, citizens' jury, ...) and the method queries.
import { methods } from '../../../schema/methods.ts';
import { keptTotal } from '../catalogue/kept-total.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { entryFields } from '../catalogue/entry-fields.graphql.ts';
import { OecdModelEnum, ParticipediaMethodTypeEnum } from '../catalogue/enums.graphql.ts';
import { chooseOrder, normaliseSearch, RANK_WINDOW_NOTE, SEARCH_RANK_WINDOW, TYPO_NOTE, searchRank } from '../catalogue/filters.ts';
import { connectionDescription, listCountField } from '../catalogue/bounded-count.graphql.ts';
import { countEntries, listEntries, type EntryList } from '../catalogue/entry-list.graphql.ts';
import { findBySlug } from '../catalogue/by-slug.ts';
import { canReadUnpublished, visibleWhere } from '../catalogue/visibility.ts';
import { methodFilterSql } from './method-filter.ts';

export const Method = builder.drizzleNode('methods', {
  name: 'Method',
  // Only what fields ask for is loaded; the state is always there for the visibility rule.
  select: { columns: { publicationState: true } },
  description: 'A way of involving the public: public dialogue, citizens’ jury, deliberative workshop, survey, ...',
  id: { column: (m) => m.id },
  fields: (t) => ({
    ...entryFields(t, 'method'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    participediaType: t.expose('participediaType', { type: ParticipediaMethodTypeEnum, nullable: true }),
    oecdModel: t.expose('oecdModel', { type: OecdModelEnum, nullable: true }),
    relatedMethods: t.relatedConnection('related', {
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { name: 'asc' } }),
    }),
    caseStudies: t.relatedConnection('caseStudies', {
      description: 'Case studies that used this method, newest first.',
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { createdAt: 'desc' } }),
    }),
    events: t.relatedConnection('events', {
      description: 'Events that used this method, by start.',
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { startsAt: 'asc' } }),
    }),
  }),
});

const MethodOrder = builder.enumType('MethodOrder', {
  values: {
    NAME: { description: 'A to Z (the default).' },
    NEWEST: { description: 'Most recently added first.' },
    RELEVANCE: { description: `Best match first; the default with \`search\`. Ranks the ${SEARCH_RANK_WINDOW} newest matches.` },
  },
});

const MethodFilter = builder.inputType('MethodFilter', {
  fields: (t) => ({
    participediaTypes: t.field({ type: [ParticipediaMethodTypeEnum], required: false }),
    oecdModels: t.field({ type: [OecdModelEnum], required: false }),
  }),
});

/** What a page of methods is: its filter, relevance and order, from the field's arguments. */
function list(
  args: { filter?: typeof MethodFilter.$inferInput | null; search?: string | null; orderBy?: typeof MethodOrder.$inferInput | null },
  ctx: GraphQLContext,
): EntryList<typeof methods> {
  const q = normaliseSearch(['search'], args.search);
  const order = chooseOrder(args.orderBy, q, 'NAME');
  const published = !canReadUnpublished(ctx);
  return {
    table: methods,
    filter: (o) => methodFilterSql(o, args.filter, q, published),
    keptTotal: keptTotal('method', args.filter, q, published),
    rank: order === 'RELEVANCE' && q ? (o) => searchRank(o.search, q) : undefined,
    orderBy: order === 'NEWEST' ? { createdAt: 'desc' } : { name: 'asc' },
  };
}

builder.queryFields((t) => ({
  method: t.drizzleField({
    type: Method,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      findBySlug(ctx.db, 'method', args.slug, (slug) => ctx.db.query.methods.findFirst(query({ where: { slug, ...visibleWhere(ctx) } }))),
  }),
  methods: t.drizzleConnection(
    {
      type: Method,
      args: {
        filter: t.arg({ type: MethodFilter, required: false }),
        search: t.arg.string({ required: false, description: `Ranked full-text search. ${TYPO_NOTE} ${RANK_WINDOW_NOTE}` }),
        orderBy: t.arg({ type: MethodOrder, required: false }),
      },
      totalCount: (_parent, args, ctx, info) => countEntries(ctx, info, args, list(args, ctx)),
      resolve: (query, _root, args, ctx, info) =>
        listEntries(ctx, info, list(args, ctx), (options) => ctx.db.query.methods.findMany(query(options))),
    },
    { name: 'MethodConnection', description: connectionDescription('methods'), fields: (c) => ({ count: listCountField(c) }) },
    { name: 'MethodEdge' },
  ),
}));
