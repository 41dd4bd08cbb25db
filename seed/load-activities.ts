// Loads what was done: case studies, event series and events, with the join rows that place them.
import {
  caseStudies,
  caseStudyMethods,
  caseStudyOrganisations,
  caseStudyPlaces,
  caseStudyTopics,
  eventMethods,
  eventOrganisers,
  events,
  eventSeries,
  eventTopics,
} from '../schema/index.ts';
import type { CaseStudyEntry, EventEntry, EventSeriesEntry } from './catalogue.ts';
import { record, type Load } from './load-directory.ts';
import { replaceJoinRows, touch, upsertBySlug } from './upsert.ts';

export async function loadCaseStudies(load: Load, entries: CaseStudyEntry[]): Promise<void> {
  const { tx, ids } = load;
  for (const { organisations, methods, topics, places, ...caseStudy } of entries) {
    const from = `case study "${caseStudy.slug}"`;
    const result = await upsertBySlug(tx, caseStudies, { ...caseStudy, publicationState: 'published' });
    const caseStudyId = record(load, ids.caseStudies, caseStudy.slug, result);
    const changes = [
      await replaceJoinRows(
        tx,
        caseStudyOrganisations,
        caseStudyOrganisations.caseStudyId,
        caseStudyId,
        organisations.map(({ organisation, role }) => ({ caseStudyId, organisationId: ids.organisations.get(organisation, from), role })),
      ),
      await replaceJoinRows(
        tx,
        caseStudyMethods,
        caseStudyMethods.caseStudyId,
        caseStudyId,
        methods.map((slug) => ({ caseStudyId, methodId: ids.methods.get(slug, from) })),
      ),
      await replaceJoinRows(
        tx,
        caseStudyTopics,
        caseStudyTopics.caseStudyId,
        caseStudyId,
        topics.map((slug) => ({ caseStudyId, topicId: ids.topics.get(slug, from) })),
      ),
      await replaceJoinRows(
        tx,
        caseStudyPlaces,
        caseStudyPlaces.caseStudyId,
        caseStudyId,
        places.map((slug) => ({ caseStudyId, placeId: ids.places.get(slug, from) })),
      ),
    ];
    if (changes.includes(true) && !result.inserted) await touch(tx, caseStudies, caseStudyId);
  }
}

export async function loadEventSeries(load: Load, entries: EventSeriesEntry[]): Promise<void> {
  for (const { organisation, ...series } of entries) {
    const organisationId = load.ids.organisations.maybe(organisation, `event series "${series.slug}"`);
    const result = await upsertBySlug(load.tx, eventSeries, { ...series, organisationId, publicationState: 'published' });
    record(load, load.ids.eventSeries, series.slug, result);
  }
}

export async function loadEvents(load: Load, entries: EventEntry[]): Promise<void> {
  const { tx, ids } = load;
  for (const { place, series, organisers, topics, methods, ...event } of entries) {
    const from = `event "${event.slug}"`;
    const result = await upsertBySlug(tx, events, {
      ...event,
      placeId: ids.places.maybe(place, from),
      seriesId: ids.eventSeries.maybe(series, from),
      publicationState: 'published',
    });
    const eventId = record(load, ids.events, event.slug, result);
    const changes = [
      await replaceJoinRows(
        tx,
        eventOrganisers,
        eventOrganisers.eventId,
        eventId,
        organisers.map(({ organisation, role }) => ({ eventId, organisationId: ids.organisations.get(organisation, from), role })),
      ),
      await replaceJoinRows(
        tx,
        eventTopics,
        eventTopics.eventId,
        eventId,
        topics.map((slug) => ({ eventId, topicId: ids.topics.get(slug, from) })),
      ),
      await replaceJoinRows(
        tx,
        eventMethods,
        eventMethods.eventId,
        eventId,
        methods.map((slug) => ({ eventId, methodId: ids.methods.get(slug, from) })),
      ),
    ];
    if (changes.includes(true) && !result.inserted) await touch(tx, events, eventId);
  }
}
