// Input types for creating and editing each entry type. Every field is optional: an update sends only what changes.
import { builder } from '../../graphql/builder.ts';
import {
  CaseStudyRoleEnum,
  DatePrecisionEnum,
  EventOrganiserRoleEnum,
  EventStatusEnum,
  FormatEnum,
  Iap2LevelEnum,
  LinkKindEnum,
  OecdModelEnum,
  OrganisationKindEnum,
  ParticipediaMethodTypeEnum,
  ProjectStatusEnum,
  RecruitmentEnum,
  ScopeEnum,
} from '../catalogue/enums.graphql.ts';
import type { EntryType } from '../catalogue/changes.ts';

const LinkInput = builder.inputType('LinkInput', {
  fields: (t) => ({
    url: t.string({ required: true }),
    label: t.string({ required: true }),
    kind: t.field({ type: LinkKindEnum, required: true }),
  }),
});

const CaseStudyOrganisationInput = builder.inputType('CaseStudyOrganisationInput', {
  fields: (t) => ({
    organisation: t.string({ required: true, description: 'Organisation slug.' }),
    role: t.field({ type: CaseStudyRoleEnum, required: true }),
  }),
});
const EventOrganiserInput = builder.inputType('EventOrganiserInput', {
  fields: (t) => ({
    organisation: t.string({ required: true, description: 'Organisation slug.' }),
    role: t.field({ type: EventOrganiserRoleEnum, required: true }),
  }),
});
const slugs = (what: string) => ({ description: `Slugs of ${what}; the list replaces the current one.` });

const slugNote =
  'Lower-case words joined by hyphens; renaming a published entry keeps the old slug redirecting. When creating, leave it out to have one proposed from the name or title (with -2, -3... if taken).';
const ref = (what: string) => `Slug of the ${what}; null clears it.`;

export const entryInputs: Record<EntryType, any> = {
  organisation: builder.inputType('OrganisationInput', {
    description:
      'Organisation fields. A draft saves with a name alone (the slug is proposed from it unless given); kind is needed before it is submitted.',
    fields: (t) => ({
      slug: t.string({ description: slugNote }),
      name: t.string(),
      kind: t.field({ type: OrganisationKindEnum }),
      description: t.string(),
      website: t.string(),
      region: t.string(),
      country: t.string({ description: 'ISO 3166-1 alpha-2, e.g. GB.' }),
      parent: t.string({ description: ref('parent organisation') }),
      topics: t.stringList(slugs('topics')),
    }),
  }),
  method: builder.inputType('MethodInput', {
    description: 'Method fields. Required when creating: name (the slug is proposed from it unless given).',
    fields: (t) => ({
      slug: t.string({ description: slugNote }),
      name: t.string(),
      description: t.string(),
      participediaType: t.field({ type: ParticipediaMethodTypeEnum }),
      oecdModel: t.field({ type: OecdModelEnum }),
    }),
  }),
  topic: builder.inputType('TopicInput', {
    description:
      'Topic fields. Required when creating: label (the slug is proposed from it unless given). Topic changes need two host admins (of two different hosts, once there are two).',
    fields: (t) => ({
      slug: t.string({ description: slugNote }),
      label: t.string(),
      description: t.string(),
      aliases: t.stringList(),
      broader: t.string({ description: ref('broader topic') }),
    }),
  }),
  eventSeries: builder.inputType('EventSeriesInput', {
    description: 'Event series fields. Required when creating: name (the slug is proposed from it unless given).',
    fields: (t) => ({
      slug: t.string({ description: slugNote }),
      name: t.string(),
      description: t.string(),
      frequency: t.string(),
      organisation: t.string({ description: ref('organising organisation') }),
    }),
  }),
  caseStudy: builder.inputType('CaseStudyInput', {
    description: 'Case study fields. Required when creating: title (the slug is proposed from it unless given).',
    fields: (t) => ({
      slug: t.string({ description: slugNote }),
      title: t.string(),
      summary: t.string(),
      body: t.string(),
      projectStatus: t.field({ type: ProjectStatusEnum }),
      startDate: t.string({ description: 'YYYY-MM-DD' }),
      startDatePrecision: t.field({ type: DatePrecisionEnum }),
      endDate: t.string({ description: 'YYYY-MM-DD' }),
      endDatePrecision: t.field({ type: DatePrecisionEnum }),
      participantCount: t.int(),
      iap2Level: t.field({ type: Iap2LevelEnum }),
      recruitment: t.field({ type: RecruitmentEnum }),
      scope: t.field({ type: ScopeEnum }),
      format: t.field({ type: FormatEnum }),
      evaluated: t.boolean(),
      evaluationUrl: t.string(),
      findings: t.stringList(),
      outcomes: t.string(),
      links: t.field({ type: [LinkInput] }),
      organisations: t.field({
        type: [CaseStudyOrganisationInput],
        description: 'Organisations and their roles; the list replaces the current one.',
      }),
      methods: t.stringList(slugs('methods')),
      topics: t.stringList(slugs('topics')),
      places: t.stringList(slugs('places')),
    }),
  }),
  event: builder.inputType('EventInput', {
    description:
      'Event fields. A draft saves with a title alone (the slug is proposed from it unless given); startsAt and format are needed before it is submitted.',
    fields: (t) => ({
      slug: t.string({ description: slugNote }),
      title: t.string(),
      description: t.string(),
      startsAt: t.string({ description: 'ISO 8601 instant with offset.' }),
      endsAt: t.string(),
      timeZone: t.string({ description: 'IANA zone, e.g. Europe/London.' }),
      datePrecision: t.field({ type: DatePrecisionEnum }),
      format: t.field({ type: FormatEnum }),
      status: t.field({ type: EventStatusEnum }),
      place: t.string({ description: ref('place') }),
      venue: t.string(),
      onlineUrl: t.string(),
      registrationUrl: t.string(),
      series: t.string({ description: ref('event series') }),
      resources: t.field({ type: [LinkInput] }),
      organisers: t.field({ type: [EventOrganiserInput], description: 'Organisers and their roles; the list replaces the current one.' }),
      topics: t.stringList(slugs('topics')),
      methods: t.stringList(slugs('methods')),
    }),
  }),
};
