// A topic's upcoming published events read from event_topic_reach (schema/event-topic-reach.ts): counts and pages.
import { sql, type SQL } from 'drizzle-orm';
import type { events } from '../../../schema/events.ts';
import { boundedCountSql } from '../catalogue/bounded-count.ts';
import { assertSlugList, namedTopics } from '../catalogue/filters.ts';
import { earliestRunningStart, eventFilterSql, timeframeOf, type EventFilterValues } from './event-filter.ts';

/**
 * The topic slugs, when nothing but topics narrows what anonymous readers see of the upcoming events; else null:
 * drafts, other filters and searches keep eventFilterSql's path.
 */
export function topicsAlone(f: EventFilterValues | null | undefined, q: string | null, published: boolean): string[] | null {
  if (!published || q || !f || timeframeOf(f) !== 'UPCOMING') return null;
  const topics = assertSlugList(['filter', 'topics'], f.topics);
  if (!topics?.length || f.formats?.length || f.statuses?.length) return null;
  return f.region || f.place || f.organiser || f.series || f.method ? null : topics;
}

// Not yet ended, as upcomingSql says it; the lower bound on starts_at lets the (topic, starts_at) index begin at the
// earliest start of an event still running instead of at the topic's oldest event.
const notEnded = () => sql`r.ends_at >= now() AND r.starts_at >= ${earliestRunningStart()}`;

/**
 * The named topics' ids (by slug or alias), looked up once however often the subquery reads them: PostgreSQL runs
 * each textual subquery on its own, and the lookup checks every topic's aliases (about 0.4 ms for 500 topics).
 * A single topic needs nothing de-duplicated; several (or a slug and another's alias) may reach one event twice.
 */
const named = (topics: string[]) => sql`named AS MATERIALIZED (SELECT ARRAY(SELECT id FROM topics WHERE ${namedTopics(topics)}) AS ids)`;
const oneTopic = sql`(SELECT CASE WHEN cardinality(ids) = 1 THEN ids[1] END FROM named)`;
const topicCount = sql`(SELECT cardinality(ids) FROM named)`;
const topicIds = sql`(SELECT ids FROM named)::int[]`;

/**
 * The events reaching the named topics (narrower topics included), counted to upTo + 1, with one column `n` as
 * boundedCountSql. One topic: an index range read to the bound, nothing to de-duplicate (a broad topic's tags, read
 * and de-duplicated to 1,001 events, took 21 ms at the large scale). Several: every match is read and counted
 * distinct, as the filter over events did (a distinct stream stopped at the bound walked the whole table in event
 * order instead).
 */
export function reachCountSql(topics: string[], upTo: number): SQL<number> {
  const bound = sql.raw(String(upTo + 1));
  // OFFSET 0 keeps it whole: pulled up into compile.ts's FROM item, the CASE was copied into `value` and `exact`.
  return sql<number>`(WITH ${named(topics)} SELECT CASE WHEN ${topicCount} <= 1
    THEN (SELECT count(*)::int FROM (SELECT 1 FROM event_topic_reach r
      WHERE r.topic_id = ${oneTopic} AND ${notEnded()} LIMIT ${bound}) one)
    ELSE (SELECT least(count(DISTINCT r.event_id), ${bound})::int FROM event_topic_reach r
      WHERE r.topic_id = ANY(${topicIds}) AND ${notEnded()}) END AS n OFFSET 0)`;
}

/**
 * The ids of the first `rows` events reaching the named topics in the listing's order (starts_at, id), as a
 * subquery. One topic: its first rows of the index. Several: each event comes at most once per named topic, so the
 * first rows × topics rows hold the first `rows` events.
 */
export function reachPageIds(topics: string[], rows: number): SQL {
  const n = sql.raw(String(rows));
  return sql`(WITH ${named(topics)} SELECT one.event_id FROM (SELECT r.event_id FROM event_topic_reach r
      WHERE r.topic_id = ${oneTopic} AND ${notEnded()} ORDER BY r.starts_at, r.event_id LIMIT ${n}) one
    UNION ALL SELECT several.event_id FROM (SELECT r.event_id FROM event_topic_reach r
      WHERE ${topicCount} > 1 AND r.topic_id = ANY(${topicIds}) AND ${notEnded()}
      ORDER BY r.starts_at, r.event_id LIMIT ${n} * ${topicCount}) several)`;
}

/**
 * `count(upTo)` of the events eventFilterSql matches: from event_topic_reach when only topics narrow what anonymous
 * readers see of the upcoming events (the embeds' and topic pages' listings), else boundedCountSql over events.
 */
export function eventCountSql(
  e: typeof events,
  f: EventFilterValues | null | undefined,
  q: string | null,
  published: boolean,
  upTo: number,
): SQL<number> {
  const topics = topicsAlone(f, q, published);
  return topics ? reachCountSql(topics, upTo) : boundedCountSql(e, eventFilterSql(e, f, q, published), upTo);
}

/**
 * A first page's rows where only topics narrow what anonymous readers see of the upcoming events: the ids of the
 * first `rows` matches in the listing's order (starts_at, id), read from event_topic_reach, as a condition that
 * stands in for eventFilterSql (every row of event_topic_reach is a published event reaching its topic, and
 * notEnded is upcomingSql); null otherwise. The page then fetches those rows instead of walking every upcoming
 * event and probing its tags. `rows` must be at least what the page reads, and the page must start at the first.
 */
export function eventPageSql(
  e: typeof events,
  f: EventFilterValues | null | undefined,
  q: string | null,
  published: boolean,
  orderBy: string | null | undefined,
  rows: number,
): SQL | null {
  const topics = topicsAlone(f, q, published);
  return topics && (orderBy ?? 'STARTS_AT') === 'STARTS_AT' ? sql`${e.id} IN ${reachPageIds(topics, rows)}` : null;
}
