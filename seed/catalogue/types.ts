// The shape of the seed catalogue: plain entries that name each other by slug, never by id.
import type { DatePrecision, Link } from '../../schema/columns.ts';
import type {
  caseStudyRoles,
  engagementFormats,
  engagementScopes,
  eventOrganiserRoles,
  iap2Levels,
  oecdDeliberativeModels,
  OrganisationKind,
  participediaMethodTypes,
  projectStatuses,
  recruitmentMethods,
} from '../../schema/index.ts';

type OneOf<T extends readonly string[]> = T[number];

export interface TopicEntry {
  slug: string;
  label: string;
  description: string | null;
  aliases: string[];
  /** Slug of the broader topic; null for a root of the tree. */
  broader: string | null;
}

export interface PlaceEntry {
  slug: string;
  name: string;
  region: string | null;
  country: string;
}

export interface OrganisationEntry {
  slug: string;
  name: string;
  kind: OrganisationKind;
  description: string | null;
  website: string | null;
  region: string | null;
  country: string | null;
  parent: string | null;
  topics: string[];
}

export interface MethodEntry {
  slug: string;
  name: string;
  description: string | null;
  participediaType: OneOf<typeof participediaMethodTypes> | null;
  oecdModel: OneOf<typeof oecdDeliberativeModels> | null;
}

export interface CaseStudyEntry {
  slug: string;
  title: string;
  summary: string | null;
  body: string | null;
  projectStatus: OneOf<typeof projectStatuses> | null;
  startDate: string | null;
  startDatePrecision: DatePrecision;
  endDate: string | null;
  endDatePrecision: DatePrecision;
  participantCount: number | null;
  iap2Level: OneOf<typeof iap2Levels> | null;
  recruitment: OneOf<typeof recruitmentMethods> | null;
  scope: OneOf<typeof engagementScopes> | null;
  format: OneOf<typeof engagementFormats> | null;
  evaluated: boolean | null;
  evaluationUrl: string | null;
  findings: string[];
  outcomes: string | null;
  links: Link[];
  organisations: { organisation: string; role: OneOf<typeof caseStudyRoles> }[];
  methods: string[];
  topics: string[];
  places: string[];
}

export interface EventSeriesEntry {
  slug: string;
  name: string;
  description: string | null;
  frequency: string | null;
  organisation: string | null;
}

export interface EventEntry {
  slug: string;
  title: string;
  description: string | null;
  /** timestamptz; an event known only to its month starts at 00:00 London time on the 1st. */
  startsAt: string;
  datePrecision: DatePrecision;
  format: OneOf<typeof engagementFormats>;
  place: string | null;
  series: string | null;
  organisers: { organisation: string; role: OneOf<typeof eventOrganiserRoles> }[];
  topics: string[];
  methods: string[];
}

export interface Catalogue {
  topics: TopicEntry[];
  places: PlaceEntry[];
  organisations: OrganisationEntry[];
  methods: MethodEntry[];
  caseStudies: CaseStudyEntry[];
  eventSeries: EventSeriesEntry[];
  events: EventEntry[];
}
