// Loads the published events and case studies a feed lists, with what each format needs to show them.
import type { caseStudies } from '../../../schema/case-studies.ts';
import type { events } from '../../../schema/events.ts';
import type { Db } from '../../db.ts';
import { caseStudyFilterSql } from '../case-studies/case-study-filter.ts';
import { isPublished } from '../catalogue/visibility.ts';
import { eventFilterSql } from '../events/event-filter.ts';
import type { FeedScope } from './feed-scope.ts';

/** Calendars re-download the whole file on every refresh, so it is bounded. */
export const FEED_LIMIT = 500;

const published = <T extends { publicationState: string }>(row: T | null | undefined): T | null => (row && isPublished(row) ? row : null);

/** Events in scope, past and future; `order` picks the most recently added (news feeds) or the latest start (calendars). */
export async function loadFeedEvents(options: { db: Db; scope: FeedScope; order: 'added' | 'start' }) {
  const { db, scope } = options;
  const rows = await db.query.events.findMany({
    where: {
      RAW: (e) =>
        eventFilterSql(
          e as typeof events,
          { timeframe: 'ALL', topics: scope.topics, organiser: scope.organisation, series: scope.series },
          null,
          true,
        ),
    },
    with: {
      place: true,
      series: true,
      organiserRoles: { with: { organisation: true } },
      topics: { orderBy: { label: 'asc' } },
    },
    orderBy: options.order === 'added' ? { createdAt: 'desc', id: 'desc' } : { startsAt: 'desc', id: 'desc' },
    limit: FEED_LIMIT,
  });
  // Related entries that are not published stay out of public output.
  return rows.map((e) => ({
    ...e,
    series: published(e.series),
    organisers: e.organiserRoles.flatMap((r) => (published(r.organisation) ? [{ role: r.role, organisation: r.organisation }] : [])),
    topics: e.topics.filter(isPublished),
  }));
}
export type FeedEvent = Awaited<ReturnType<typeof loadFeedEvents>>[number];

/** Published case studies in scope, most recently added first. */
export async function loadFeedCaseStudies(options: { db: Db; scope: FeedScope }) {
  const { db, scope } = options;
  const rows = await db.query.caseStudies.findMany({
    where: {
      RAW: (c) =>
        caseStudyFilterSql(
          c as typeof caseStudies,
          { topics: scope.topics.length ? scope.topics : null, organisation: scope.organisation },
          null,
          true,
        ),
    },
    with: { organisationRoles: { with: { organisation: true } }, topics: { orderBy: { label: 'asc' } } },
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: FEED_LIMIT,
  });
  return rows.map((c) => ({
    ...c,
    organisations: c.organisationRoles.flatMap((r) => (published(r.organisation) ? [{ role: r.role, organisation: r.organisation }] : [])),
    topics: c.topics.filter(isPublished),
  }));
}
export type FeedCaseStudy = Awaited<ReturnType<typeof loadFeedCaseStudies>>[number];
