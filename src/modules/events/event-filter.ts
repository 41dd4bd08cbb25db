// The events filter as SQL: one function shared by the GraphQL `events` query, topic pages and the feeds.
import { and, sql, type SQL } from 'drizzle-orm';
import { MAX_EVENT_DAYS, type events } from '../../../schema/events.ts';
import { invalidInput } from '../../errors.ts';
import { assertPlainText, assertSlugList, searchMatches, taggedWithTopics } from '../catalogue/filters.ts';
import { publishedSql } from '../catalogue/visibility.ts';

export type EventTimeframe = 'UPCOMING' | 'PAST' | 'ALL';

export interface EventFilterValues {
  timeframe?: EventTimeframe | null;
  from?: string | null;
  to?: string | null;
  topics?: readonly string[] | null;
  formats?: readonly string[] | null;
  statuses?: readonly string[] | null;
  region?: string | null;
  place?: string | null;
  organiser?: string | null;
  series?: string | null;
  method?: string | null;
}

/** UPCOMING unless asked otherwise; an explicit window replaces the timeframe. */
export function timeframeOf(f: EventFilterValues | null | undefined): EventTimeframe | 'WINDOW' {
  return f?.from || f?.to ? 'WINDOW' : (f?.timeframe ?? 'UPCOMING');
}

const oneSlug = (path: string[], value: string) => assertPlainText(path, value).toLowerCase();

/**
 * "Not yet ended". An event that has not ended either starts at or after `at`, or is running at `at`:
 * so every one starts no earlier than the earliest start among the events running then, which the
 * GiST index on the events' time ranges (events_running_idx) finds among the few running ones. That
 * bound lets the (state, starts_at) index begin there instead of scanning a year of past events; the
 * MAX_EVENT_DAYS bound (a check constraint) is kept as the planner's estimate and as a backstop.
 */
export function upcomingSql(e: typeof events, at: SQL = sql`now()`): SQL {
  return sql`coalesce(${e.endsAt}, ${e.startsAt}) >= ${at} AND ${e.startsAt} >= ${at} - ${sql.raw(`interval '${MAX_EVENT_DAYS} days'`)}
    AND ${e.startsAt} >= ${earliestRunningStart(at)}`;
}

/** The earliest start among the events running at `at` (else `at`): no event not yet ended at `at` starts before it. */
export const earliestRunningStart = (at: SQL = sql`now()`): SQL =>
  sql`(SELECT coalesce(min(running.starts_at), ${at}) FROM events running WHERE ${runningRange(sql.raw('running'))} @> ${at})`;

/** An event's time range, as events_running_idx indexes it (an event without an end is an instant). */
const runningRange = (alias: SQL) => sql`tstzrange(${alias}.starts_at, coalesce(${alias}.ends_at, ${alias}.starts_at), '[]')`;

/**
 * WHERE clause for events. An event counts as upcoming until it ends (its start when it has no end),
 * so a conference that began yesterday and runs until tomorrow is still listed.
 */
export function eventFilterSql(e: typeof events, f: EventFilterValues | null | undefined, q: string | null, published: boolean): SQL {
  const parts: SQL[] = [];
  if (published) parts.push(publishedSql(e));
  const frame = timeframeOf(f);
  if (f?.from && f?.to && Date.parse(f.from) > Date.parse(f.to)) throw invalidInput(['filter', 'to'], 'must not be before `from`');
  if (frame === 'UPCOMING') parts.push(upcomingSql(e));
  if (frame === 'PAST') parts.push(sql`coalesce(${e.endsAt}, ${e.startsAt}) < now()`);
  if (f?.from) parts.push(upcomingSql(e, sql`${f.from}::timestamptz`));
  if (f?.to) parts.push(sql`${e.startsAt} < ${f.to}::timestamptz`);
  const topics = assertSlugList(['filter', 'topics'], f?.topics);
  if (topics?.length) parts.push(taggedWithTopics(e.id, 'event_topics', 'event_id', topics));
  if (f?.formats?.length) parts.push(sql`${e.format} = ANY(${sql.param([...f.formats])}::text[])`);
  if (f?.statuses?.length) parts.push(sql`${e.status} = ANY(${sql.param([...f.statuses])}::text[])`);
  if (f?.region) {
    const region = assertPlainText(['filter', 'region'], f.region);
    parts.push(sql`${e.placeId} IN (SELECT id FROM places WHERE lower(region) = lower(${region}))`);
  }
  if (f?.place) parts.push(sql`${e.placeId} IN (SELECT id FROM places WHERE slug = ${oneSlug(['filter', 'place'], f.place)})`);
  if (f?.organiser) {
    const slug = oneSlug(['filter', 'organiser'], f.organiser);
    parts.push(
      sql`${e.id} IN (SELECT x.event_id FROM event_organisers x JOIN organisations o ON o.id = x.organisation_id WHERE o.slug = ${slug})`,
    );
  }
  if (f?.series) parts.push(sql`${e.seriesId} IN (SELECT id FROM event_series WHERE slug = ${oneSlug(['filter', 'series'], f.series)})`);
  if (f?.method) {
    const slug = oneSlug(['filter', 'method'], f.method);
    parts.push(sql`${e.id} IN (SELECT x.event_id FROM event_methods x JOIN methods m ON m.id = x.method_id WHERE m.slug = ${slug})`);
  }
  if (q) parts.push(searchMatches(e.search, q));
  return and(...parts) ?? sql`true`;
}
