// Methods of public engagement (public dialogue, citizens' jury, ...), and how they relate.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { entryColumns, oneOf, searchDocument, slugCheck, tsvector } from './columns.ts';

/** Participedia's method types, so entries map onto that directory later. */
export const participediaMethodTypes = [
  'collaborative_approaches',
  'community_development',
  'deliberative_and_dialogic_process',
  'direct_democracy',
  'e_participation',
  'evaluation_oversight_and_social_auditing',
  'informal_conversation_spaces',
  'informal_participation',
  'long_term_civic_bodies',
  'participant_led_meetings',
  'participatory_arts',
  'planning',
  'protest',
  'public_meetings',
  'research_or_experiment',
  'experiential_and_immersive_education',
] as const;

/** The OECD's models of representative deliberative processes. */
export const oecdDeliberativeModels = [
  'citizens_assembly',
  'citizens_jury_or_panel',
  'consensus_conference',
  'planning_cell',
  'g1000',
  'citizens_council',
  'citizens_dialogue',
  'deliberative_poll',
  'world_wide_views',
  'ostbelgien_model',
  'city_observatory',
] as const;

export const methods = pgTable(
  'methods',
  {
    ...entryColumns(),
    name: text('name').notNull(),
    description: text('description'),
    participediaType: text('participedia_type', { enum: participediaMethodTypes }),
    oecdModel: text('oecd_model', { enum: oecdDeliberativeModels }),
    search: tsvector('search').generatedAlwaysAs((): any =>
      searchDocument([
        [sql`name`, 'A'],
        [sql`description`, 'B'],
      ]),
    ),
  },
  (t) => [
    check('methods_slug_format', slugCheck(t.slug)),
    check('methods_participedia_type', sql`${t.participediaType} IS NULL OR ${oneOf(t.participediaType, participediaMethodTypes)}`),
    check('methods_oecd_model', sql`${t.oecdModel} IS NULL OR ${oneOf(t.oecdModel, oecdDeliberativeModels)}`),
    index('methods_state_name_idx').on(t.publicationState, t.name, t.id),
    index('methods_search_idx').using('gin', t.search),
    index('methods_types_idx').on(t.participediaType, t.oecdModel),
    index('methods_name_trgm_idx').using('gin', sql`ed_unaccent(${t.name}) gin_trgm_ops`),
  ],
);

/** Related methods; stored once per direction so either side can navigate. */
export const methodRelations = pgTable(
  'method_relations',
  {
    methodId: integer('method_id')
      .notNull()
      .references(() => methods.id, { onDelete: 'cascade' }),
    relatedMethodId: integer('related_method_id')
      .notNull()
      .references(() => methods.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.methodId, t.relatedMethodId] }),
    check('method_relations_not_self', sql`${t.methodId} <> ${t.relatedMethodId}`),
    index('method_relations_related_idx').on(t.relatedMethodId),
  ],
);
