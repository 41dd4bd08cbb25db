// Which table holds each type of entry: the catalogue's own map, so reads need not ask the editorial specs.
import type { EntryType } from '../../../schema/editorial.ts';
import { caseStudies } from '../../../schema/case-studies.ts';
import { events, eventSeries } from '../../../schema/events.ts';
import { methods } from '../../../schema/methods.ts';
import { organisations } from '../../../schema/organisations.ts';
import { topics } from '../../../schema/topics.ts';

export const entryTables = {
  organisation: organisations,
  caseStudy: caseStudies,
  method: methods,
  event: events,
  eventSeries,
  topic: topics,
} as const satisfies Record<EntryType, unknown>;
