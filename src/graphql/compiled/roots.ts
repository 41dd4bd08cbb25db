// The root lists and lookups the compiled path serves: their WHERE and ORDER BY, from the same functions the resolvers use.
import { and, sql, type SQL } from 'drizzle-orm';
import { caseStudies, events, methods, organisations } from '../../../schema/index.ts';
import { assertSlugList, chooseOrder, searchMatches, searchRank, taggedWithTopics } from '../../modules/catalogue/filters.ts';
import { eventFilterSql, timeframeOf } from '../../modules/events/event-filter.ts';
import { refuse } from './not-compilable.ts';

type RootList = { table: any; type: string; where: (a: Record<string, any>, q: string | null) => SQL; order: (a: Record<string, any>, q: string | null) => { by: string[]; rank?: SQL } };

const topicsOnly = (filter: Record<string, unknown> | null | undefined) => {
  if (filter && Object.keys(filter).some((k) => k !== 'topics')) refuse('filter keys beyond topics');
  return assertSlugList(['filter', 'topics'], filter?.topics as string[] | null | undefined);
};
const rankOrder = (rank: SQL) => ({ by: ['__rank DESC', 'id DESC'], rank });

export const rootLists: Record<string, RootList> = {
  events: {
    table: events,
    type: 'Event',
    where: (a, q) => eventFilterSql(events, a.filter, q, true),
    order: (a, q) => {
      const order = a.orderBy ?? (timeframeOf(a.filter) === 'PAST' ? 'STARTS_AT_DESC' : 'STARTS_AT');
      if (order === 'RELEVANCE') return q ? rankOrder(searchRank(events.search, events.title, q)) : refuse('RELEVANCE without search');
      return { by: order === 'STARTS_AT_DESC' ? ['starts_at DESC', 'id DESC'] : ['starts_at ASC', 'id ASC'] };
    },
  },
  caseStudies: {
    table: caseStudies,
    type: 'CaseStudy',
    where: (a, q) => {
      const topics = topicsOnly(a.filter);
      return and(sql`${caseStudies.publicationState} = 'published'`, topics ? taggedWithTopics(caseStudies.id, 'case_study_topics', 'case_study_id', topics) : undefined, q ? searchMatches(caseStudies.search, caseStudies.title, q) : undefined)!;
    },
    order: (a, q) => {
      const order = chooseOrder(a.orderBy, q, 'NEWEST');
      if (order === 'RELEVANCE') return rankOrder(searchRank(caseStudies.search, caseStudies.title, q!));
      if (order === 'TITLE') return { by: ['title ASC', 'id ASC'] };
      return order === 'NEWEST' ? { by: ['created_at DESC', 'id DESC'] } : refuse(`order ${order}`);
    },
  },
  organisations: {
    table: organisations,
    type: 'Organisation',
    where: (a, q) => {
      const topics = topicsOnly(a.filter);
      return and(sql`${organisations.publicationState} = 'published'`, topics ? taggedWithTopics(organisations.id, 'organisation_topics', 'organisation_id', topics) : undefined, q ? searchMatches(organisations.search, organisations.name, q) : undefined)!;
    },
    order: (a, q) => {
      const order = chooseOrder(a.orderBy, q, 'NAME');
      if (order === 'RELEVANCE') return rankOrder(searchRank(organisations.search, organisations.name, q!));
      return { by: order === 'NEWEST' ? ['created_at DESC', 'id DESC'] : ['name ASC', 'id ASC'] };
    },
  },
  methods: {
    table: methods,
    type: 'Method',
    where: (a, q) => {
      if (a.filter != null) refuse('method filter');
      return and(sql`${methods.publicationState} = 'published'`, q ? searchMatches(methods.search, methods.name, q) : undefined)!;
    },
    order: (a, q) => {
      const order = chooseOrder(a.orderBy, q, 'NAME');
      if (order === 'RELEVANCE') return rankOrder(searchRank(methods.search, methods.name, q!));
      return { by: order === 'NEWEST' ? ['created_at DESC', 'id DESC'] : ['name ASC', 'id ASC'] };
    },
  },
};
export const rootLookups: Record<string, string> = { organisation: 'Organisation', caseStudy: 'CaseStudy', event: 'Event', method: 'Method' };
