// Places: a shared value type that case studies and events point at, so region filters use an index.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { slugCheck } from './columns.ts';

export const places = pgTable(
  'places',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    /** A UK ITL1 region ("North West") or the equivalent elsewhere. */
    region: text('region'),
    /** ISO 3166-1 alpha-2 code. */
    country: text('country').notNull().default('GB'),
  },
  (t) => [
    check('places_slug_format', slugCheck(t.slug)),
    check('places_country_format', sql`${t.country} ~ '^[A-Z]{2}$'`),
    index('places_region_idx').on(t.region),
  ],
);
