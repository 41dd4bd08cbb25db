// The case-study filter as SQL: one function shared by the GraphQL `caseStudies` query, the compiled path and the feeds.
import { and, sql, type SQL } from 'drizzle-orm';
import type { caseStudies } from '../../../schema/case-studies.ts';
import { invalidInput } from '../../errors.ts';
import { assertSlugList, searchMatches, taggedWithTopics } from '../catalogue/filters.ts';
import { publishedSql } from '../catalogue/visibility.ts';

export interface CaseStudyFilterValues {
  topics?: readonly string[] | null;
  organisation?: string | null;
  role?: string | null;
  method?: string | null;
  region?: string | null;
  place?: string | null;
  iap2Levels?: readonly string[] | null;
  formats?: readonly string[] | null;
  scopes?: readonly string[] | null;
  recruitment?: readonly string[] | null;
  evaluated?: boolean | null;
}

/** `AND x.role = ...` on a case_study_organisations row aliased x, when a role is asked for. */
export const ofRole = (role: string | null) => (role ? sql`AND x.role = ${role}` : sql``);

export function caseStudyFilterSql(
  c: typeof caseStudies,
  f: CaseStudyFilterValues | null | undefined,
  q: string | null,
  published: boolean,
): SQL {
  const parts: SQL[] = [];
  if (published) parts.push(publishedSql(c));
  const topics = assertSlugList(['filter', 'topics'], f?.topics);
  if (topics) parts.push(taggedWithTopics(c.id, 'case_study_topics', 'case_study_id', topics));
  if (f?.role && !f.organisation) throw invalidInput(['filter', 'role'], 'needs `organisation`');
  if (f?.organisation)
    parts.push(
      sql`${c.id} IN (SELECT x.case_study_id FROM case_study_organisations x JOIN organisations o ON o.id = x.organisation_id WHERE o.slug = ${f.organisation} ${ofRole(f.role ?? null)})`,
    );
  if (f?.method)
    parts.push(
      sql`${c.id} IN (SELECT x.case_study_id FROM case_study_methods x JOIN methods m ON m.id = x.method_id WHERE m.slug = ${f.method})`,
    );
  if (f?.region)
    parts.push(
      sql`${c.id} IN (SELECT x.case_study_id FROM case_study_places x JOIN places p ON p.id = x.place_id WHERE lower(p.region) = lower(${f.region}))`,
    );
  if (f?.place)
    parts.push(
      sql`${c.id} IN (SELECT x.case_study_id FROM case_study_places x JOIN places p ON p.id = x.place_id WHERE p.slug = ${f.place})`,
    );
  if (f?.iap2Levels?.length) parts.push(sql`${c.iap2Level} = ANY(${sql.param(f.iap2Levels)}::text[])`);
  if (f?.formats?.length) parts.push(sql`${c.format} = ANY(${sql.param(f.formats)}::text[])`);
  if (f?.scopes?.length) parts.push(sql`${c.scope} = ANY(${sql.param(f.scopes)}::text[])`);
  if (f?.recruitment?.length) parts.push(sql`${c.recruitment} = ANY(${sql.param(f.recruitment)}::text[])`);
  if (f?.evaluated != null) parts.push(f.evaluated ? sql`${c.evaluated} IS TRUE` : sql`${c.evaluated} IS NOT TRUE`);
  if (q) parts.push(searchMatches(c.search, q));
  return and(...parts) ?? sql`true`;
}
