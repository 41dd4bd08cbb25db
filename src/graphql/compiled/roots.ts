// The root lists and lookups the compiled path serves: their WHERE and ORDER BY, from the same functions the resolvers use.
import type { SQL } from 'drizzle-orm';
import { caseStudies, events, methods, organisations } from '../../../schema/index.ts';
import { caseStudyFilterSql } from '../../modules/case-studies/case-study-filter.ts';
import { chooseOrder, searchRank } from '../../modules/catalogue/filters.ts';
import { type KeptEntryType, keptTotal } from '../../modules/catalogue/kept-total.ts';
import { methodFilterSql } from '../../modules/methods/method-filter.ts';
import { organisationFilterSql } from '../../modules/organisations/organisation-filter.ts';
import { eventFilterSql, timeframeOf } from '../../modules/events/event-filter.ts';
import { eventCountSql, eventPageSql } from '../../modules/events/topic-reach.ts';
import { refuse } from './not-compilable.ts';

type RootList = {
  table: any;
  type: string;
  /** The list's WHERE; `published`: only what anonymous readers see (else a reader of drafts: every entry). */
  where: (a: Record<string, any>, q: string | null, published: boolean) => SQL;
  order: (a: Record<string, any>, q: string | null) => { by: string[]; rank?: SQL };
  /** The exact total from the kept counts when the list is every published entry, as the resolvers' keptTotal. */
  kept: (a: Record<string, any>, q: string | null, published: boolean) => SQL<number> | undefined;
  /** `count(upTo)` as the list's resolver counts it, where that is not boundedCountSql over `where` (events by topic). */
  count?: (a: Record<string, any>, q: string | null, published: boolean, upTo: number) => SQL<number>;
  /** The first page's rows another way than `where`, as the list's resolver finds them (events by topic); or null. */
  page?: (a: Record<string, any>, q: string | null, published: boolean, rows: number) => SQL | null;
};

const keptWhen = (type: KeptEntryType) => (a: Record<string, any>, q: string | null, published: boolean) =>
  keptTotal(type, a.filter, q, published);

// compile.ts ranks only the newest SEARCH_RANK_WINDOW matches (rankWindow), as the resolvers do.
const rankOrder = (rank: SQL) => ({ by: ['__rank DESC', 'id DESC'], rank });

/** A list ordered by name unless asked for NEWEST or RELEVANCE (organisations, methods). */
function byName(
  table: typeof organisations | typeof methods,
  type: string,
  filterSql: (t: any, filter: any, q: string | null, published: boolean) => SQL,
  keptType: KeptEntryType,
): RootList {
  return {
    table,
    type,
    kept: keptWhen(keptType),
    where: (a, q, published) => filterSql(table, a.filter, q, published),
    order: (a, q) => {
      const order = chooseOrder(a.orderBy, q, 'NAME');
      if (order === 'RELEVANCE') return rankOrder(searchRank(table.search, q!));
      return { by: order === 'NEWEST' ? ['created_at DESC', 'id DESC'] : ['name ASC', 'id ASC'] };
    },
  };
}

export const rootLists: Record<string, RootList> = {
  events: {
    table: events,
    type: 'Event',
    where: (a, q, published) => eventFilterSql(events, a.filter, q, published),
    kept: keptWhen('event'),
    count: (a, q, published, upTo) => eventCountSql(events, a.filter, q, published, upTo),
    page: (a, q, published, rows) => eventPageSql(events, a.filter, q, published, a.orderBy, rows),
    order: (a, q) => {
      const order = chooseOrder(a.orderBy, q, timeframeOf(a.filter) === 'PAST' ? 'STARTS_AT_DESC' : 'STARTS_AT');
      if (order === 'RELEVANCE') return rankOrder(searchRank(events.search, q!));
      return { by: order === 'STARTS_AT_DESC' ? ['starts_at DESC', 'id DESC'] : ['starts_at ASC', 'id ASC'] };
    },
  },
  caseStudies: {
    table: caseStudies,
    type: 'CaseStudy',
    where: (a, q, published) => caseStudyFilterSql(caseStudies, a.filter, q, published),
    kept: keptWhen('case_study'),
    order: (a, q) => {
      const order = chooseOrder(a.orderBy, q, 'NEWEST');
      if (order === 'RELEVANCE') return rankOrder(searchRank(caseStudies.search, q!));
      if (order === 'TITLE') return { by: ['title ASC', 'id ASC'] };
      return order === 'NEWEST' ? { by: ['created_at DESC', 'id DESC'] } : refuse(`order ${order}`);
    },
  },
  organisations: byName(organisations, 'Organisation', organisationFilterSql, 'organisation'),
  methods: byName(methods, 'Method', methodFilterSql, 'method'),
};
export const rootLookups: Record<string, string> = {
  organisation: 'Organisation',
  caseStudy: 'CaseStudy',
  event: 'Event',
  method: 'Method',
};
