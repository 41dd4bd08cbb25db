// GraphQL enums for the catalogue's vocabularies: UPPER_CASE names over the stored lower-case values.
import { publicationStates, datePrecisions, linkKinds } from '../../../schema/columns.ts';
import {
  caseStudyRoles,
  engagementFormats,
  engagementScopes,
  iap2Levels,
  projectStatuses,
  recruitmentMethods,
} from '../../../schema/case-studies.ts';
import { eventOrganiserRoles, eventStatuses } from '../../../schema/events.ts';
import { oecdDeliberativeModels, participediaMethodTypes } from '../../../schema/methods.ts';
import { organisationKinds } from '../../../schema/organisations.ts';
import { builder } from '../../graphql/builder.ts';

function vocabulary<const T extends readonly string[]>(name: string, values: T, description: string) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as Record<Uppercase<T[number]>, { value: T[number] }>,
  });
}

export const PublicationStateEnum = vocabulary(
  'PublicationState',
  publicationStates,
  'Where an entry stands in the editorial workflow; the public sees PUBLISHED only.',
);
export const DatePrecisionEnum = vocabulary(
  'DatePrecision',
  datePrecisions,
  'How precisely a date is known: a meeting known only by its month has MONTH.',
);
export const LinkKindEnum = vocabulary('LinkKind', linkKinds, 'What a link points at.');
export const OrganisationKindEnum = vocabulary('OrganisationKind', organisationKinds, 'What sort of organisation this is.');
export const ProjectStatusEnum = vocabulary('ProjectStatus', projectStatuses, 'Whether the engagement is planned, under way or finished.');
export const Iap2LevelEnum = vocabulary(
  'Iap2Level',
  iap2Levels,
  'The level of public influence on the IAP2 spectrum of public participation.',
);
export const RecruitmentEnum = vocabulary('Recruitment', recruitmentMethods, 'How participants were recruited.');
export const ScopeEnum = vocabulary('EngagementScope', engagementScopes, 'The geographic scope of the engagement.');
export const FormatEnum = vocabulary('EngagementFormat', engagementFormats, 'In person, online or both.');
export const CaseStudyRoleEnum = vocabulary('CaseStudyRole', caseStudyRoles, "An organisation's part in a case study.");
export const EventStatusEnum = vocabulary('EventStatus', eventStatuses, 'Whether an event goes ahead as planned.');
export const EventOrganiserRoleEnum = vocabulary('EventOrganiserRole', eventOrganiserRoles, "An organisation's part in an event.");
export const ParticipediaMethodTypeEnum = vocabulary('ParticipediaMethodType', participediaMethodTypes, "Participedia's method types.");
export const OecdModelEnum = vocabulary(
  'OecdDeliberativeModel',
  oecdDeliberativeModels,
  "The OECD's models of representative deliberative processes.",
);
