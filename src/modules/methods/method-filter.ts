// The method filter as SQL: one function shared by the GraphQL `methods` query and the compiled path.
import { and, sql, type SQL } from 'drizzle-orm';
import type { methods } from '../../../schema/methods.ts';
import { searchMatches } from '../catalogue/filters.ts';
import { publishedSql } from '../catalogue/visibility.ts';

export interface MethodFilterValues {
  participediaTypes?: readonly string[] | null;
  oecdModels?: readonly string[] | null;
}

export function methodFilterSql(
  m: typeof methods,
  filter: MethodFilterValues | null | undefined,
  q: string | null,
  published: boolean,
): SQL {
  const parts: SQL[] = [];
  if (published) parts.push(publishedSql(m));
  if (filter?.participediaTypes?.length) parts.push(sql`${m.participediaType} = ANY(${sql.param(filter.participediaTypes)}::text[])`);
  if (filter?.oecdModels?.length) parts.push(sql`${m.oecdModel} = ANY(${sql.param(filter.oecdModels)}::text[])`);
  if (q) parts.push(searchMatches(m.search, q));
  return and(...parts) ?? sql`true`;
}
