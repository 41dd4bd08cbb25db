// The GraphQL schema: importing each module registers its types; this file only imports and builds.
import './scalars.ts';
import '../modules/places/place.graphql.ts';
import '../modules/topics/topic.graphql.ts';
import '../modules/organisations/organisation.graphql.ts';
import '../modules/methods/method.graphql.ts';
import '../modules/case-studies/case-study.graphql.ts';
import '../modules/events/event.graphql.ts';
import '../modules/topics/topic-page.graphql.ts';
import '../modules/search/search.graphql.ts';
import '../modules/editorial/editorial.graphql.ts';
import '../modules/following/changes.graphql.ts';
import '../modules/webhooks/webhook.graphql.ts';
import '../modules/calendars/calendar.graphql.ts';
import './documents/document.graphql.ts';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';

export const schema = builder.toSchema({ sortSchema: false });

/** The printed contract committed as schema/schema.graphql. */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;
