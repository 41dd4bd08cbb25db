// The Organisation type, its relations and the organisation queries.
import { organisations } from '../../../schema/organisations.ts';
import { keptTotal } from '../catalogue/kept-total.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { OrganisationKindEnum } from '../catalogue/enums.graphql.ts';
import { chooseOrder, normaliseSearch, RANK_WINDOW_NOTE, SEARCH_RANK_WINDOW, TYPO_NOTE, searchRank } from '../catalogue/filters.ts';
import { entryFields } from '../catalogue/entry-fields.graphql.ts';
import { connectionDescription, listCountField } from '../catalogue/bounded-count.graphql.ts';
import { countEntries, listEntries, type EntryList } from '../catalogue/entry-list.graphql.ts';
import { findBySlug } from '../catalogue/by-slug.ts';
import { DRAFT_ONLY_NULL } from '../catalogue/drafts.ts';
import { canReadUnpublished, visibleWhere } from '../catalogue/visibility.ts';
import { organisationFilterSql } from './organisation-filter.ts';

export const Organisation = builder.drizzleNode('organisations', {
  name: 'Organisation',
  // Only what fields ask for is loaded; the state is always there for the visibility rule.
  select: { columns: { publicationState: true } },
  description: 'An organisation that runs, commissions, funds, delivers or hosts public-engagement work.',
  id: { column: (o) => o.id },
  fields: (t) => ({
    ...entryFields(t, 'organisation'),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: OrganisationKindEnum, nullable: true, description: DRAFT_ONLY_NULL }),
    description: t.exposeString('description', { nullable: true }),
    website: t.expose('website', { type: 'URL', nullable: true }),
    region: t.exposeString('region', { nullable: true }),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 code.' }),
    parent: t.relation('parent', {
      nullable: true,
      description: 'The organisation this one sits within (ai@cam sits in the University of Cambridge).',
      query: (_args, ctx) => ({ where: visibleWhere(ctx) }),
    }),
    children: t.relatedConnection('children', {
      description: 'Organisations that sit within this one.',
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { name: 'asc' } }),
    }),
    topics: t.relatedConnection('topics', {
      totalCount: true,
      query: (_args, ctx) => ({ where: visibleWhere(ctx), orderBy: { label: 'asc' } }),
    }),
  }),
});

const OrganisationOrder = builder.enumType('OrganisationOrder', {
  values: {
    NAME: { description: 'A to Z (the default).' },
    NEWEST: { description: 'Most recently added first.' },
    RELEVANCE: { description: `Best match first; the default with \`search\`. Ranks the ${SEARCH_RANK_WINDOW} newest matches.` },
  },
});

export const OrganisationFilter = builder.inputType('OrganisationFilter', {
  fields: (t) => ({
    topics: t.stringList({ required: false, description: 'Topic slugs or aliases; narrower topics are included.' }),
    kinds: t.field({ type: [OrganisationKindEnum], required: false }),
    region: t.string({ required: false }),
    country: t.string({ required: false }),
    parent: t.string({ required: false, description: 'Slug of the parent organisation.' }),
  }),
});

type OrgFilter = typeof OrganisationFilter.$inferInput;

/** What a page of organisations is: its filter, relevance and order, from the field's arguments. */
function list(
  args: { filter?: OrgFilter | null; search?: string | null; orderBy?: typeof OrganisationOrder.$inferInput | null },
  ctx: GraphQLContext,
): EntryList<typeof organisations> {
  const q = normaliseSearch(['search'], args.search);
  const order = chooseOrder(args.orderBy, q, 'NAME');
  const published = !canReadUnpublished(ctx);
  return {
    table: organisations,
    filter: (o) => organisationFilterSql(o, args.filter, q, published),
    keptTotal: keptTotal('organisation', args.filter, q, published),
    rank: order === 'RELEVANCE' && q ? (o) => searchRank(o.search, q) : undefined,
    orderBy: order === 'NEWEST' ? { createdAt: 'desc' } : { name: 'asc' },
  };
}

builder.queryFields((t) => ({
  organisation: t.drizzleField({
    type: Organisation,
    nullable: true,
    description: 'One organisation by slug; null when there is none (or it is not published).',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      findBySlug(ctx.db, 'organisation', args.slug, (slug) =>
        ctx.db.query.organisations.findFirst(query({ where: { slug, ...visibleWhere(ctx) } })),
      ),
  }),
  organisations: t.drizzleConnection(
    {
      type: Organisation,
      description: 'Organisations in the directory, filtered and searched.',
      args: {
        filter: t.arg({ type: OrganisationFilter, required: false }),
        search: t.arg.string({ required: false, description: `Ranked full-text search. ${TYPO_NOTE} ${RANK_WINDOW_NOTE}` }),
        orderBy: t.arg({ type: OrganisationOrder, required: false }),
      },
      totalCount: (_parent, args, ctx, info) => countEntries(ctx, info, args, list(args, ctx)),
      resolve: (query, _root, args, ctx, info) =>
        listEntries(ctx, info, list(args, ctx), (options) => ctx.db.query.organisations.findMany(query(options))),
    },
    { name: 'OrganisationConnection', description: connectionDescription('organisations'), fields: (c) => ({ count: listCountField(c) }) },
    { name: 'OrganisationEdge' },
  ),
}));
