// The Method type (public dialogue, citizens' jury, ...) and the method queries.
import { and, sql, type SQL } from 'drizzle-orm';
import { methods } from '../../../schema/methods.ts';
import { builder } from '../../graphql/builder.ts';
import { entryFields } from '../catalogue/entry-fields.ts';
import { OecdModelEnum, ParticipediaMethodTypeEnum } from '../catalogue/enums.ts';
import { chooseOrder, normaliseSearch, searchMatches, searchRank } from '../catalogue/filters.ts';
import { rememberPage, totalExtra, totalFromPage, wantsTotal } from '../catalogue/total-count.ts';
import { canReadUnpublished, visibleWhere } from '../catalogue/visibility.ts';

export const Method = builder.drizzleNode('methods', {
  name: 'Method',
  // Only what fields ask for is loaded; the state is always there for the visibility rule.
  select: { columns: { publicationState: true } },
  description: 'A way of involving the public: public dialogue, citizens’ jury, deliberative workshop, survey, ...',
  id: { column: (m) => m.id },
  fields: (t) => ({
    ...entryFields(t),
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

const MethodOrder = builder.enumType('MethodOrder', { values: ['NAME', 'NEWEST', 'RELEVANCE'] as const });

const MethodFilter = builder.inputType('MethodFilter', {
  fields: (t) => ({
    participediaTypes: t.field({ type: [ParticipediaMethodTypeEnum], required: false }),
    oecdModels: t.field({ type: [OecdModelEnum], required: false }),
  }),
});

function methodFilterSql(m: typeof methods, filter: typeof MethodFilter.$inferInput | null | undefined, q: string | null, published: boolean): SQL {
  const parts: SQL[] = [];
  if (published) parts.push(sql`${m.publicationState} = 'published'`);
  if (filter?.participediaTypes?.length) parts.push(sql`${m.participediaType} = ANY(${sql.param(filter.participediaTypes)}::text[])`);
  if (filter?.oecdModels?.length) parts.push(sql`${m.oecdModel} = ANY(${sql.param(filter.oecdModels)}::text[])`);
  if (q) parts.push(searchMatches(m.search, m.name, q));
  return and(...parts) ?? sql`true`;
}

builder.queryFields((t) => ({
  method: t.drizzleField({
    type: Method,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.db.query.methods.findFirst(query({ where: { slug: args.slug, ...visibleWhere(ctx) } })),
  }),
  methods: t.drizzleConnection({
    type: Method,
    args: {
      filter: t.arg({ type: MethodFilter, required: false }),
      search: t.arg.string({ required: false }),
      orderBy: t.arg({ type: MethodOrder, required: false }),
    },
    totalCount: (_parent, args, ctx, info) => {
      chooseOrder(args.orderBy, normaliseSearch(['search'], args.search), 'NAME');
      const filter = methodFilterSql(methods, args.filter, normaliseSearch(['search'], args.search), !canReadUnpublished(ctx));
      return totalFromPage(ctx, info, args, () => ctx.db.$count(methods, filter));
    },
    resolve: (query, _root, args, ctx, info) => {
      const q = normaliseSearch(['search'], args.search);
      const published = !canReadUnpublished(ctx);
      const order = chooseOrder(args.orderBy, q, 'NAME');
      return rememberPage(
        ctx,
        info,
        ctx.db.query.methods.findMany(
          query({
            where: { RAW: (m) => methodFilterSql(m as typeof methods, args.filter, q, published) },
            extras: {
              ...(wantsTotal(info) ? totalExtra(methods, methodFilterSql(methods, args.filter, q, published)) : {}),
              ...(order === 'RELEVANCE' && q ? { rank: (m: typeof methods) => searchRank(m.search, m.name, q) } : {}),
            } as never,
            orderBy: (order === 'RELEVANCE' ? { rank: 'desc' } : order === 'NEWEST' ? { createdAt: 'desc' } : { name: 'asc' }) as never,
          }),
        ),
      ) as never;
    },
  }, { name: 'MethodConnection' }, { name: 'MethodEdge' }),
}));
