// The real starter catalogue, drawn only from the source documents in /work/shared/seeds.
import { caseStudies } from './catalogue/case-studies.ts';
import { events, eventSeries } from './catalogue/events.ts';
import { methods } from './catalogue/methods.ts';
import { organisations } from './catalogue/organisations.ts';
import { places, topics } from './catalogue/topics.ts';
import type { Catalogue } from './catalogue/types.ts';

export type * from './catalogue/types.ts';

export const catalogue: Catalogue = { topics, places, organisations, methods, caseStudies, eventSeries, events };
