// The shared topic taxonomy: a tree of topics (broader/narrower) with aliases.
import { sql } from 'drizzle-orm';
import { check, index, text, type AnyPgColumn, integer, pgTable } from 'drizzle-orm/pg-core';
import { entryColumns, searchDocument, slugCheck, textList, tsvector } from './columns.ts';

export const topics = pgTable(
  'topics',
  {
    ...entryColumns(),
    label: text('label').notNull(),
    description: text('description'),
    aliases: textList('aliases'),
    broaderId: integer('broader_id').references((): AnyPgColumn => topics.id, { onDelete: 'restrict' }),
    search: tsvector('search').generatedAlwaysAs((): any =>
      searchDocument([
        [sql`label`, 'A'],
        [sql`ed_join(aliases)`, 'A'],
        [sql`description`, 'C'],
      ]),
    ),
  },
  (t) => [
    check('topics_slug_format', slugCheck(t.slug)),
    check('topics_not_own_broader', sql`${t.broaderId} IS DISTINCT FROM ${t.id}`),
    index('topics_broader_idx').on(t.broaderId),
    index('topics_state_idx').on(t.publicationState),
    index('topics_search_idx').using('gin', t.search),
  ],
);
