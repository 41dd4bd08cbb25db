// What each entry type stores and accepts: its table, the fields a revision snapshots, and their zod rules.
import { z } from 'zod';
import { singleLine } from '../catalogue/single-line.ts';
import {
  caseStudies,
  engagementFormats,
  engagementScopes,
  iap2Levels,
  projectStatuses,
  recruitmentMethods,
} from '../../../schema/case-studies.ts';
import { datePrecisions, linkKinds } from '../../../schema/columns.ts';
import { events, eventSeries, eventStatuses, MAX_EVENT_DAYS } from '../../../schema/events.ts';
import { methods, oecdDeliberativeModels, participediaMethodTypes } from '../../../schema/methods.ts';
import { organisationKinds, organisations } from '../../../schema/organisations.ts';
import { places } from '../../../schema/places.ts';
import { topics } from '../../../schema/topics.ts';
import type { EntryType } from '../catalogue/changes.ts';
import { isTimeZone } from '../events/local-time.ts';
import { linkSchema, linkSpecs, type LinkSpec } from './entry-links.ts';

export interface RefSpec {
  /** The input field, which takes a slug. */
  input: string;
  /** The snapshot (and column) key, which holds the id. */
  key: string;
  table: typeof organisations | typeof topics | typeof places | typeof eventSeries;
  label: string;
}

export interface EntrySpec {
  type: EntryType;
  /** GraphQL type name, used in global ids. */
  typename: string;
  /** Typed loosely: the writes are generic over six tables whose column sets differ. */
  table: any;
  content: z.ZodType<Record<string, unknown>>;
  keys: readonly string[];
  /** What an entry needs before it can be submitted for review (and so before it is ever public). */
  required: readonly string[];
  /** What a draft needs to be saved at all: a name to be found by, and the slug proposed from it. */
  requiredToSave: readonly string[];
  defaults: Record<string, unknown>;
  refs: readonly RefSpec[];
  /** timestamptz keys, normalised to ISO text so snapshots compare equal whatever the driver returns. */
  instants: readonly string[];
  /** Keys stored as columns of the entry row (the rest of `keys` are links). */
  columns: readonly string[];
  links: readonly LinkSpec[];
}

const slug = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by single hyphens, e.g. "citizens-jury"');
const name = singleLine(300);
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => v || null);
const url = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) address' })
  .max(2000)
  .nullable();
const id = z.number().int().nullable();
const nullableEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).nullable();
const day = z.iso.date({ error: 'must be a calendar date, e.g. 2024-09-01' }).nullable();
const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 instant with an offset, e.g. 2026-01-31T18:00:00Z' })
  .transform((v) => new Date(v).toISOString());
const textList = z.array(z.string().trim().min(1).max(500)).max(100);
const links = z
  .array(
    z.object({
      url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) address' }).max(2000),
      label: singleLine(300),
      kind: z.enum(linkKinds),
    }),
  )
  .max(50);
const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/London');

function spec(
  s: Omit<EntrySpec, 'keys' | 'instants' | 'content' | 'columns' | 'links' | 'requiredToSave'> & {
    shape: z.ZodRawShape;
    instants?: string[];
    refine?: (v: any, ctx: z.RefinementCtx) => void;
  },
): EntrySpec {
  const links = linkSpecs[s.type];
  const shape = { ...s.shape, ...Object.fromEntries(links.map((l) => [l.key, linkSchema(l)])) };
  const object = z.object(shape).strict();
  const content = (s.refine ? object.superRefine(s.refine) : object) as unknown as z.ZodType<Record<string, unknown>>;
  const defaults = { ...s.defaults, ...Object.fromEntries(links.map((l) => [l.key, []])) };
  const requiredToSave = s.required.filter((k) => k === 'slug' || titleKeys.includes(k as (typeof titleKeys)[number]));
  return {
    ...s,
    defaults,
    content,
    requiredToSave,
    keys: Object.keys(shape),
    columns: Object.keys(s.shape),
    links,
    instants: s.instants ?? [],
  };
}

/** The title-like field each type is named by (and its slug proposed from). */
export const titleKeys = ['name', 'title', 'label'] as const;

const organisationRef = (input: string, key: string): RefSpec => ({ input, key, table: organisations, label: 'organisation' });

export const entrySpecs: Record<EntryType, EntrySpec> = {
  organisation: spec({
    type: 'organisation',
    typename: 'Organisation',
    table: organisations,
    shape: {
      slug,
      name,
      kind: z.enum(organisationKinds).nullable(),
      description: text(20_000),
      website: url,
      region: text(100),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. GB')
        .nullable(),
      parentId: id,
    },
    required: ['slug', 'name', 'kind'],
    defaults: { kind: null, description: null, website: null, region: null, country: null, parentId: null },
    refs: [organisationRef('parent', 'parentId')],
  }),
  method: spec({
    type: 'method',
    typename: 'Method',
    table: methods,
    shape: {
      slug,
      name,
      description: text(20_000),
      participediaType: nullableEnum(participediaMethodTypes),
      oecdModel: nullableEnum(oecdDeliberativeModels),
    },
    required: ['slug', 'name'],
    defaults: { description: null, participediaType: null, oecdModel: null },
    refs: [],
  }),
  topic: spec({
    type: 'topic',
    typename: 'Topic',
    table: topics,
    shape: { slug, label: name, description: text(5_000), aliases: textList, broaderId: id },
    required: ['slug', 'label'],
    defaults: { description: null, aliases: [], broaderId: null },
    refs: [{ input: 'broader', key: 'broaderId', table: topics, label: 'topic' }],
  }),
  eventSeries: spec({
    type: 'eventSeries',
    typename: 'EventSeries',
    table: eventSeries,
    shape: { slug, name, description: text(20_000), frequency: text(100), organisationId: id },
    required: ['slug', 'name'],
    defaults: { description: null, frequency: null, organisationId: null },
    refs: [organisationRef('organisation', 'organisationId')],
  }),
  caseStudy: spec({
    type: 'caseStudy',
    typename: 'CaseStudy',
    table: caseStudies,
    shape: {
      slug,
      title: name,
      summary: text(2_000),
      body: text(100_000),
      projectStatus: nullableEnum(projectStatuses),
      startDate: day,
      startDatePrecision: z.enum(datePrecisions),
      endDate: day,
      endDatePrecision: z.enum(datePrecisions),
      participantCount: z.number().int().min(0, 'must not be negative').nullable(),
      iap2Level: nullableEnum(iap2Levels),
      recruitment: nullableEnum(recruitmentMethods),
      scope: nullableEnum(engagementScopes),
      format: nullableEnum(engagementFormats),
      evaluated: z.boolean().nullable(),
      evaluationUrl: url,
      findings: textList,
      outcomes: text(20_000),
      links,
    },
    required: ['slug', 'title'],
    defaults: {
      summary: null,
      body: null,
      projectStatus: null,
      startDate: null,
      startDatePrecision: 'day',
      endDate: null,
      endDatePrecision: 'day',
      participantCount: null,
      iap2Level: null,
      recruitment: null,
      scope: null,
      format: null,
      evaluated: null,
      evaluationUrl: null,
      findings: [],
      outcomes: null,
      links: [],
    },
    refs: [],
    refine: (v, ctx) => {
      if (v.startDate && v.endDate && v.endDate < v.startDate)
        ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
      if (v.evaluationUrl && v.evaluated !== true)
        ctx.addIssue({ code: 'custom', path: ['evaluationUrl'], message: 'needs evaluated: true' });
    },
  }),
  event: spec({
    type: 'event',
    typename: 'Event',
    table: events,
    shape: {
      slug,
      title: name,
      description: text(20_000),
      startsAt: instant.nullable(),
      endsAt: instant.nullable(),
      timeZone,
      datePrecision: z.enum(datePrecisions),
      format: z.enum(engagementFormats).nullable(),
      status: z.enum(eventStatuses),
      placeId: id,
      venue: text(300),
      onlineUrl: url,
      registrationUrl: url,
      seriesId: id,
      resources: links,
    },
    required: ['slug', 'title', 'startsAt', 'format'],
    defaults: {
      description: null,
      startsAt: null,
      endsAt: null,
      format: null,
      timeZone: 'Europe/London',
      datePrecision: 'day',
      status: 'scheduled',
      placeId: null,
      venue: null,
      onlineUrl: null,
      registrationUrl: null,
      seriesId: null,
      resources: [],
    },
    refs: [
      { input: 'place', key: 'placeId', table: places, label: 'place' },
      { input: 'series', key: 'seriesId', table: eventSeries, label: 'event series' },
    ],
    instants: ['startsAt', 'endsAt'],
    refine: (v, ctx) => {
      if (v.endsAt && v.startsAt && v.endsAt < v.startsAt)
        ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must not be before startsAt' });
      if (v.endsAt && v.startsAt && Date.parse(v.endsAt) - Date.parse(v.startsAt) > MAX_EVENT_DAYS * 86_400_000) {
        ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `an event may run for at most ${MAX_EVENT_DAYS} days` });
      }
    },
  }),
};

/** The column part of a snapshot, from a stored row, with instants as ISO text. */
export function columnsOfRow(spec: EntrySpec, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of spec.columns) {
    const value = row[key] ?? null;
    out[key] = spec.instants.includes(key) && value !== null ? new Date(value as string).toISOString() : value;
  }
  return out;
}

export const specByTypename = (typename: string) => Object.values(entrySpecs).find((s) => s.typename === typename);
