// The `search` query: one ranked list across organisations, case studies, methods, events and topics, with highlighted snippets.
import { offsetForArgs, offsetToCursor } from '@pothos/plugin-relay';
import { invalidInput } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { CaseStudy } from '../case-studies/case-study.graphql.ts';
import { normaliseSearch, SEARCH_RANK_WINDOW, TYPO_NOTE } from '../catalogue/filters.ts';
import { canReadUnpublished } from '../catalogue/visibility.ts';
import { Event } from '../events/event.graphql.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../graphql/page-size.ts';
import { Method } from '../methods/method.graphql.ts';
import { Organisation } from '../organisations/organisation.graphql.ts';
import { Topic } from '../topics/topic.graphql.ts';
import { hitEntries, type Hit } from './search-entries.ts';
import { countMatches, countMatchesUpTo, searchEntries, searchTypes, type SearchType } from './search-sql.ts';
import { wantedCountLimit, wantsTotal } from '../catalogue/total-count.ts';
import { BoundedCountType, countDescription, countLimitArg } from '../catalogue/bounded-count.graphql.ts';
import { assertCountLimit, boundedCount, COUNT_NOTE } from '../catalogue/bounded-count.ts';
import { snippetHtml, snippetText } from './snippet.ts';

const SearchTypeEnum = builder.enumType('SearchType', {
  description: 'The kinds of entry `search` looks through.',
  values: Object.fromEntries(searchTypes.map((v) => [v.toUpperCase(), { value: v }])) as Record<
    Uppercase<SearchType>,
    { value: SearchType }
  >,
});

const typeNames: Record<SearchType, string> = {
  organisation: 'Organisation',
  case_study: 'CaseStudy',
  method: 'Method',
  event: 'Event',
  topic: 'Topic',
};

const SearchEntry = builder.unionType('SearchEntry', {
  types: [Organisation, CaseStudy, Method, Event, Topic],
  resolveType: (row) => typeNames[(row as unknown as { __searchType: SearchType }).__searchType],
});

const SearchHit = builder.objectRef<Hit>('SearchHit').implement({
  description: 'One entry found by `search`, with why it matched.',
  fields: (t) => ({
    type: t.field({ type: SearchTypeEnum, resolve: (h) => h.type }),
    // never: the row is one of five node shapes, told apart at run time by resolveType; no static union holds them.
    entry: t.field({ type: SearchEntry, resolve: (h) => h.row as never }),
    rank: t.float({ description: 'Relevance: higher is better; comparable within one search only.', resolve: (h) => h.rank }),
    snippet: t.string({
      nullable: true,
      description:
        'HTML: the passage that matched, escaped, with the matched words in <mark>. Null when the entry has no text beyond its name.',
      resolve: (h) => snippetHtml(h.snippet),
    }),
    snippetText: t.string({ nullable: true, description: 'The same passage as plain text.', resolve: (h) => snippetText(h.snippet) }),
  }),
});

function pageArgs(args: { first?: number | null; after?: string | null }) {
  try {
    return offsetForArgs({
      args: { first: args.first ?? undefined, after: args.after ?? undefined },
      defaultSize: DEFAULT_PAGE_SIZE,
      maxSize: MAX_PAGE_SIZE,
    });
  } catch {
    throw invalidInput(['after'], 'is not a cursor from this search');
  }
}

builder.queryField('search', (t) =>
  t.connection(
    {
      type: SearchHit,
      description:
        'Ranked full-text search over names, summaries and bodies, accent-insensitive. ' +
        `Per type: ${TYPO_NOTE} ` +
        'An empty query is an error; a query that matches nothing gives an empty list. ' +
        `Ranks the ${SEARCH_RANK_WINDOW} newest matches of each type (paging reaches those); totalCount counts every match.`,
      args: {
        query: t.arg.string({ required: true }),
        types: t.arg({ type: [SearchTypeEnum], required: false, description: 'Only these kinds of entry; all of them by default.' }),
      },
      resolve: async (_root, args, ctx: GraphQLContext, info) => {
        const q = normaliseSearch(['query'], args.query);
        if (!q) throw invalidInput(['query'], 'must contain something to search for');
        if (args.before || args.last != null) throw invalidInput(['last'], 'search pages forwards only: use first and after');
        // The total comes with the page, so no look-ahead row is needed: fetch exactly the page.
        const { offset, expectedSize: limit, hasPreviousPage } = pageArgs(args);
        const types = args.types?.length ? [...new Set(args.types)] : [...searchTypes];
        const published = !canReadUnpublished(ctx);
        const countTo = wantedCountLimit(info);
        const page = await searchEntries({ db: ctx.db, q, types, published, offset, limit, withTotal: wantsTotal(info), countTo });
        const hits = hitEntries(page.hits);
        const edges = hits.map((hit, i) => ({ cursor: offsetToCursor(offset + i), node: hit }));
        return {
          // Asked for through a fragment, the total was not in the page's statement: counted apart then.
          totalCount: () => page.total ?? countMatches({ db: ctx.db, q, types, published }),
          count: async (upTo: number) =>
            boundedCount(
              upTo === countTo && page.counted != null ? page.counted : await countMatchesUpTo({ db: ctx.db, q, types, published, upTo }),
              upTo,
            ),
          edges,
          pageInfo: {
            hasPreviousPage,
            hasNextPage: offset + hits.length < page.reachable,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    {
      name: 'SearchConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: `Every match, including those beyond the ranked window paging reaches. ${COUNT_NOTE}`,
          resolve: (conn) => (conn as unknown as { totalCount: () => number | Promise<number> }).totalCount(),
        }),
        count: c.field({
          type: BoundedCountType,
          description: countDescription,
          args: { upTo: countLimitArg(c) },
          resolve: (conn, args) =>
            (conn as unknown as { count: (upTo: number) => Promise<ReturnType<typeof boundedCount>> }).count(assertCountLimit(args.upTo)),
        }),
      }),
    },
    { name: 'SearchEdge' },
  ),
);
