// The organisation filter as SQL: one function shared by the GraphQL `organisations` query and the compiled path.
import { and, sql, type SQL } from 'drizzle-orm';
import type { organisations } from '../../../schema/organisations.ts';
import { assertSlugList, onTopics, searchMatches } from '../catalogue/filters.ts';
import { publishedSql } from '../catalogue/visibility.ts';
import { organisationsOnTopic } from '../topics/topic-scope.ts';

export interface OrganisationFilterValues {
  topics?: readonly string[] | null;
  kinds?: readonly string[] | null;
  region?: string | null;
  country?: string | null;
  parent?: string | null;
}

/** The filter as SQL over any alias of the organisations table. */
export function organisationFilterSql(
  o: typeof organisations,
  filter: OrganisationFilterValues | null | undefined,
  q: string | null,
  published: boolean,
): SQL {
  const parts: SQL[] = [];
  if (published) parts.push(publishedSql(o));
  const topics = assertSlugList(['filter', 'topics'], filter?.topics);
  // One meaning everywhere (this filter, topic pages, embeds): tagged with the topic, or organising or taking
  // part in published work on it, as topic-scope.ts says.
  if (topics) parts.push(onTopics(o.id, topics, organisationsOnTopic));
  if (filter?.kinds?.length) parts.push(sql`${o.kind} = ANY(${sql.param(filter.kinds)}::text[])`);
  if (filter?.region) parts.push(sql`lower(${o.region}) = lower(${filter.region})`);
  if (filter?.country) parts.push(sql`${o.country} = upper(${filter.country})`);
  if (filter?.parent) parts.push(sql`${o.parentId} = (SELECT id FROM organisations WHERE slug = ${filter.parent})`);
  if (q) parts.push(searchMatches(o.search, q));
  return and(...parts) ?? sql`true`;
}
