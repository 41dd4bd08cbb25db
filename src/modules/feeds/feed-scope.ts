// What a feed covers, from its query string: everything, or one or more topics, an organisation or a series.
import { sql } from 'drizzle-orm';
import { eventSeries } from '../../../schema/events.ts';
import { organisations } from '../../../schema/organisations.ts';
import { topics } from '../../../schema/topics.ts';
import type { Db } from '../../db.ts';
import { AppError, invalidInput } from '../../errors.ts';
import { assertPlainText } from '../catalogue/filters.ts';
import { publishedSql } from '../catalogue/visibility.ts';

export interface FeedScope {
  /** Topic slugs; narrower topics are included by the filters. */
  topics: string[];
  organisation: string | null;
  series: string | null;
  /** Human words for the feed's title, e.g. "on Health". */
  label: string;
  /** The query string that reproduces this scope, for self links. */
  query: string;
}

const allowed = ['topic', 'organisation', 'series'] as const;

function values(query: Record<string, string[]>, name: string, max: number): string[] {
  const list = query[name] ?? [];
  if (list.length > max) throw invalidInput([name], max === 1 ? 'give it once' : `at most ${max} values`);
  return list.map((v) => {
    const s = assertPlainText([name], v, 100);
    if (!s) throw invalidInput([name], 'must not be empty');
    return s.toLowerCase();
  });
}

/** Parse and resolve a feed's scope; names that match no published entry are a 404, not an empty feed. */
export async function resolveFeedScope(
  db: Db,
  query: Record<string, string[]>,
  kinds: readonly (typeof allowed)[number][] = allowed,
): Promise<FeedScope> {
  // Names we do not use (utm_source, fbclid, a cache buster) are ignored, as every web page ignores them; a
  // name we know that this feed cannot take (series on case studies) is still refused, naming it.
  for (const name of Object.keys(query)) {
    if ((allowed as readonly string[]).includes(name) && !(kinds as readonly string[]).includes(name))
      throw invalidInput([name], `not available on this feed; use ${kinds.join(', ')}`);
  }
  const topicNames = values(query, 'topic', 10);
  const [organisation = null] = values(query, 'organisation', 1);
  const [series = null] = values(query, 'series', 1);
  const words: string[] = [];
  const params = new URLSearchParams();

  const topicSlugs: string[] = [];
  for (const name of topicNames) {
    // An alias ("artificial intelligence") resolves to its topic, so the feed names it properly.
    const [topic] = await db
      .select({ slug: topics.slug, label: topics.label })
      .from(topics)
      .where(
        sql`${publishedSql(topics)} AND (${topics.slug} = ${name} OR EXISTS (SELECT 1 FROM unnest(${topics.aliases}) a WHERE lower(a) = ${name}))`,
      )
      .orderBy(topics.id)
      .limit(1);
    if (!topic) throw new AppError('NOT_FOUND', `No published topic is called "${name}".`, [{ path: ['topic'], message: 'not found' }]);
    topicSlugs.push(topic.slug);
    words.push(topic.label);
    params.append('topic', topic.slug);
  }
  let label = topicSlugs.length ? `on ${words.join(' or ')}` : '';
  if (organisation) {
    const [org] = await db
      .select({ name: organisations.name })
      .from(organisations)
      .where(sql`${organisations.slug} = ${organisation} AND ${publishedSql(organisations)}`);
    if (!org)
      throw new AppError('NOT_FOUND', `No published organisation has the slug "${organisation}".`, [
        { path: ['organisation'], message: 'not found' },
      ]);
    label = `${label} by ${org.name}`.trim();
    params.append('organisation', organisation);
  }
  if (series) {
    const [s] = await db
      .select({ name: eventSeries.name })
      .from(eventSeries)
      .where(sql`${eventSeries.slug} = ${series} AND ${publishedSql(eventSeries)}`);
    if (!s)
      throw new AppError('NOT_FOUND', `No published event series has the slug "${series}".`, [{ path: ['series'], message: 'not found' }]);
    label = `${label} in ${s.name}`.trim();
    params.append('series', series);
  }
  const query_ = params.toString();
  return { topics: topicSlugs, organisation, series, label, query: query_ ? `?${query_}` : '' };
}
