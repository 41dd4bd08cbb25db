// The topic filter as SQL, for the GraphQL `topics` query.
import { sql, type SQL } from 'drizzle-orm';
import type { topics } from '../../../schema/topics.ts';
import { searchMatches } from '../catalogue/filters.ts';
import { visibleSql } from '../catalogue/visibility.ts';

export interface TopicFilterValues {
  broader?: string | null;
  rootsOnly?: boolean | null;
}

export function topicFilterSql(tp: typeof topics, filter: TopicFilterValues | null | undefined, q: string | null, published: boolean): SQL {
  return sql.join(
    [
      visibleSql(published, tp),
      filter?.broader ? sql`${tp.broaderId} = (SELECT id FROM topics WHERE slug = ${filter.broader})` : sql`true`,
      filter?.rootsOnly ? sql`${tp.broaderId} IS NULL` : sql`true`,
      q ? searchMatches(tp.search, q) : sql`true`,
    ],
    sql` AND `,
  );
}
