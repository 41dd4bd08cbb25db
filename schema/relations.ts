// Relations for drizzle's relational queries (v2), which Pothos plans nested selections from.
import { defineRelations } from 'drizzle-orm';
import * as schema from './index.ts';

export const relations = defineRelations(schema, (r) => ({
  topics: {
    broader: r.one.topics({ from: r.topics.broaderId, to: r.topics.id, alias: 'topic_hierarchy' }),
    narrower: r.many.topics({ from: r.topics.id, to: r.topics.broaderId, alias: 'topic_hierarchy' }),
    organisations: r.many.organisations({
      from: r.topics.id.through(r.organisationTopics.topicId),
      to: r.organisations.id.through(r.organisationTopics.organisationId),
    }),
    caseStudies: r.many.caseStudies({
      from: r.topics.id.through(r.caseStudyTopics.topicId),
      to: r.caseStudies.id.through(r.caseStudyTopics.caseStudyId),
    }),
    events: r.many.events({
      from: r.topics.id.through(r.eventTopics.topicId),
      to: r.events.id.through(r.eventTopics.eventId),
    }),
  },
  places: {
    caseStudies: r.many.caseStudies({
      from: r.places.id.through(r.caseStudyPlaces.placeId),
      to: r.caseStudies.id.through(r.caseStudyPlaces.caseStudyId),
    }),
    events: r.many.events({ from: r.places.id, to: r.events.placeId }),
  },
  organisations: {
    parent: r.one.organisations({ from: r.organisations.parentId, to: r.organisations.id, alias: 'organisation_parent' }),
    children: r.many.organisations({ from: r.organisations.id, to: r.organisations.parentId, alias: 'organisation_parent' }),
    topics: r.many.topics({
      from: r.organisations.id.through(r.organisationTopics.organisationId),
      to: r.topics.id.through(r.organisationTopics.topicId),
    }),
    caseStudyRoles: r.many.caseStudyOrganisations({ from: r.organisations.id, to: r.caseStudyOrganisations.organisationId }),
    eventRoles: r.many.eventOrganisers({ from: r.organisations.id, to: r.eventOrganisers.organisationId }),
    series: r.many.eventSeries({ from: r.organisations.id, to: r.eventSeries.organisationId }),
  },
  methods: {
    related: r.many.methods({
      from: r.methods.id.through(r.methodRelations.methodId),
      to: r.methods.id.through(r.methodRelations.relatedMethodId),
    }),
    caseStudies: r.many.caseStudies({
      from: r.methods.id.through(r.caseStudyMethods.methodId),
      to: r.caseStudies.id.through(r.caseStudyMethods.caseStudyId),
    }),
    events: r.many.events({
      from: r.methods.id.through(r.eventMethods.methodId),
      to: r.events.id.through(r.eventMethods.eventId),
    }),
  },
  caseStudies: {
    organisationRoles: r.many.caseStudyOrganisations({ from: r.caseStudies.id, to: r.caseStudyOrganisations.caseStudyId }),
    methods: r.many.methods({
      from: r.caseStudies.id.through(r.caseStudyMethods.caseStudyId),
      to: r.methods.id.through(r.caseStudyMethods.methodId),
    }),
    topics: r.many.topics({
      from: r.caseStudies.id.through(r.caseStudyTopics.caseStudyId),
      to: r.topics.id.through(r.caseStudyTopics.topicId),
    }),
    places: r.many.places({
      from: r.caseStudies.id.through(r.caseStudyPlaces.caseStudyId),
      to: r.places.id.through(r.caseStudyPlaces.placeId),
    }),
  },
  caseStudyOrganisations: {
    caseStudy: r.one.caseStudies({ from: r.caseStudyOrganisations.caseStudyId, to: r.caseStudies.id, optional: false }),
    organisation: r.one.organisations({ from: r.caseStudyOrganisations.organisationId, to: r.organisations.id, optional: false }),
  },
  eventSeries: {
    organisation: r.one.organisations({ from: r.eventSeries.organisationId, to: r.organisations.id }),
    events: r.many.events({ from: r.eventSeries.id, to: r.events.seriesId }),
  },
  events: {
    series: r.one.eventSeries({ from: r.events.seriesId, to: r.eventSeries.id }),
    place: r.one.places({ from: r.events.placeId, to: r.places.id }),
    organiserRoles: r.many.eventOrganisers({ from: r.events.id, to: r.eventOrganisers.eventId }),
    speakers: r.many.eventSpeakers({ from: r.events.id, to: r.eventSpeakers.eventId }),
    topics: r.many.topics({
      from: r.events.id.through(r.eventTopics.eventId),
      to: r.topics.id.through(r.eventTopics.topicId),
    }),
    methods: r.many.methods({
      from: r.events.id.through(r.eventMethods.eventId),
      to: r.methods.id.through(r.eventMethods.methodId),
    }),
  },
  eventOrganisers: {
    event: r.one.events({ from: r.eventOrganisers.eventId, to: r.events.id, optional: false }),
    organisation: r.one.organisations({ from: r.eventOrganisers.organisationId, to: r.organisations.id, optional: false }),
  },
  revisions: {
    author: r.one.accounts({ from: r.revisions.authorAccountId, to: r.accounts.id }),
    authorOrganisation: r.one.organisations({ from: r.revisions.authorOrganisationId, to: r.organisations.id }),
  },
  memberships: {
    account: r.one.accounts({ from: r.memberships.accountId, to: r.accounts.id, optional: false }),
    organisation: r.one.organisations({ from: r.memberships.organisationId, to: r.organisations.id, optional: false }),
  },
  accounts: {
    memberships: r.many.memberships({ from: r.accounts.id, to: r.memberships.accountId }),
  },
  apiTokens: {
    account: r.one.accounts({ from: r.apiTokens.accountId, to: r.accounts.id, optional: false }),
    organisation: r.one.organisations({ from: r.apiTokens.organisationId, to: r.organisations.id, optional: false }),
  },
  eventSpeakers: {
    event: r.one.events({ from: r.eventSpeakers.eventId, to: r.events.id, optional: false }),
    organisation: r.one.organisations({ from: r.eventSpeakers.organisationId, to: r.organisations.id }),
  },
}));
