// Each entry type's fields as people fill them in (the console's forms, a spreadsheet's columns): which fields,
// how text values become the services' input, and back.
import { DateTime } from 'luxon';
import {
  caseStudyRoles,
  engagementFormats,
  engagementScopes,
  iap2Levels,
  projectStatuses,
  recruitmentMethods,
} from '../../../schema/case-studies.ts';
import type { EntryType } from '../../../schema/editorial.ts';
import { eventOrganiserRoles, eventStatuses } from '../../../schema/events.ts';
import { oecdDeliberativeModels, participediaMethodTypes } from '../../../schema/methods.ts';
import { organisationKinds } from '../../../schema/organisations.ts';
import { linkKinds } from '../../../schema/columns.ts';

/** What a reference field points at. */
export type LinkTarget = 'topic' | 'organisation' | 'method' | 'place' | 'eventSeries';

type Kind =
  | 'text'
  | 'textarea'
  | 'url'
  | 'select'
  | 'datetime'
  | 'date'
  | 'number'
  | 'yesno'
  | 'lines'
  | 'ref'
  | 'links'
  | 'roleLinks'
  /** A list of web addresses, each with a label and a kind (a case study's links, an event's resources). */
  | 'webLinks';

export interface FormField {
  /** The services' input name. */
  name: string;
  /** The snapshot key, where it differs (references hold ids there). */
  key?: string;
  label: string;
  kind: Kind;
  options?: readonly string[];
  target?: LinkTarget;
  roles?: readonly string[];
  /** Shown on the quick form: what a new entry needs. */
  quick?: boolean;
  hint?: string;
}

const slugField: FormField = {
  name: 'slug',
  label: 'Web address name (slug)',
  kind: 'text',
  quick: true,
  hint: 'Lower-case words joined by hyphens, e.g. citizens-jury-on-data. It becomes part of the page address.',
};
const topicsField: FormField = { name: 'topics', key: 'topicIds', label: 'Topics', kind: 'links', target: 'topic', quick: true };
const description: FormField = { name: 'description', label: 'Description', kind: 'textarea' };

export const typeLabels: Record<EntryType, string> = {
  organisation: 'Organisation',
  caseStudy: 'Case study',
  method: 'Method',
  event: 'Event',
  eventSeries: 'Event series',
  topic: 'Topic',
};

export const formFields: Record<EntryType, FormField[]> = {
  organisation: [
    { name: 'name', label: 'Name', kind: 'text', quick: true },
    slugField,
    { name: 'kind', label: 'Kind of organisation', kind: 'select', options: organisationKinds, quick: true },
    description,
    { name: 'website', label: 'Website', kind: 'url', hint: 'A full address, starting https://' },
    { name: 'region', label: 'Region', kind: 'text' },
    { name: 'country', label: 'Country code', kind: 'text', hint: 'Two capital letters, e.g. GB' },
    { name: 'parent', key: 'parentId', label: 'Part of (parent organisation)', kind: 'ref', target: 'organisation' },
    topicsField,
  ],
  method: [
    { name: 'name', label: 'Name', kind: 'text', quick: true },
    slugField,
    { ...description, quick: true },
    { name: 'participediaType', label: 'Participedia method type', kind: 'select', options: participediaMethodTypes },
    { name: 'oecdModel', label: 'OECD deliberative model', kind: 'select', options: oecdDeliberativeModels },
  ],
  topic: [
    { name: 'label', label: 'Label', kind: 'text', quick: true },
    slugField,
    description,
    { name: 'aliases', label: 'Other names', kind: 'lines', hint: 'One a line.' },
    { name: 'broader', key: 'broaderId', label: 'Broader topic', kind: 'ref', target: 'topic' },
  ],
  eventSeries: [
    { name: 'name', label: 'Name', kind: 'text', quick: true },
    slugField,
    description,
    { name: 'frequency', label: 'How often', kind: 'text', hint: 'e.g. monthly' },
    { name: 'organisation', key: 'organisationId', label: 'Run by', kind: 'ref', target: 'organisation' },
  ],
  caseStudy: [
    { name: 'title', label: 'Title', kind: 'text', quick: true },
    slugField,
    { name: 'summary', label: 'Summary', kind: 'textarea', quick: true },
    { name: 'body', label: 'Full account', kind: 'textarea' },
    { name: 'projectStatus', label: 'Project status', kind: 'select', options: projectStatuses },
    { name: 'startDate', label: 'Start date', kind: 'date' },
    { name: 'endDate', label: 'End date', kind: 'date' },
    { name: 'participantCount', label: 'Number of participants', kind: 'number' },
    { name: 'iap2Level', label: 'IAP2 level of participation', kind: 'select', options: iap2Levels },
    { name: 'recruitment', label: 'Recruitment', kind: 'select', options: recruitmentMethods },
    { name: 'scope', label: 'Scope', kind: 'select', options: engagementScopes },
    { name: 'format', label: 'Format', kind: 'select', options: engagementFormats },
    { name: 'evaluated', label: 'Was it evaluated?', kind: 'yesno' },
    { name: 'evaluationUrl', label: 'Evaluation report address', kind: 'url' },
    { name: 'findings', label: 'Findings', kind: 'lines', hint: 'One a line.' },
    { name: 'outcomes', label: 'Outcomes', kind: 'textarea' },
    { name: 'links', label: 'Links', kind: 'webLinks', options: linkKinds, hint: 'Reports, videos, press: an address and a label each.' },
    {
      name: 'organisations',
      key: 'organisationRoles',
      label: 'Organisations involved',
      kind: 'roleLinks',
      target: 'organisation',
      roles: caseStudyRoles,
    },
    { name: 'methods', key: 'methodIds', label: 'Methods', kind: 'links', target: 'method' },
    topicsField,
    { name: 'places', key: 'placeIds', label: 'Places', kind: 'links', target: 'place' },
  ],
  event: [
    { name: 'title', label: 'Title', kind: 'text', quick: true },
    slugField,
    { name: 'startsAt', label: 'Starts', kind: 'datetime', quick: true, hint: 'Local time where the event happens.' },
    { name: 'endsAt', label: 'Ends', kind: 'datetime' },
    { name: 'timeZone', label: 'Time zone', kind: 'text', quick: true, hint: 'e.g. Europe/London' },
    { name: 'format', label: 'Format', kind: 'select', options: engagementFormats, quick: true },
    { name: 'status', label: 'Status', kind: 'select', options: eventStatuses },
    { ...description, quick: true },
    { name: 'venue', label: 'Venue', kind: 'text' },
    { name: 'onlineUrl', label: 'Online meeting address', kind: 'url' },
    { name: 'registrationUrl', label: 'Registration address', kind: 'url' },
    {
      name: 'resources',
      label: 'Resources',
      kind: 'webLinks',
      options: linkKinds,
      hint: 'Slides, recordings, reading: an address and a label each.',
    },
    { name: 'place', key: 'placeId', label: 'Place', kind: 'ref', target: 'place' },
    { name: 'series', key: 'seriesId', label: 'Part of a series', kind: 'ref', target: 'eventSeries' },
    {
      name: 'organisers',
      key: 'organiserRoles',
      label: 'Organisers',
      kind: 'roleLinks',
      target: 'organisation',
      roles: eventOrganiserRoles,
      quick: true,
    },
    topicsField,
    { name: 'methods', key: 'methodIds', label: 'Methods', kind: 'links', target: 'method' },
  ],
};

export interface WebLinkValue {
  url: string;
  label: string;
  kind: string;
}
/** What a form shows: text per plain field, slugs (with role) per link field, rows per web-links field. */
export type FormValues = Record<string, string | { slug: string; role?: string }[] | WebLinkValue[]>;

/** More rows than the services accept (50) are never read from a post. */
const MAX_WEB_LINKS = 50;

type Posted = Record<string, string | File | (string | File)[]>;
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const list = (v: unknown) =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

/** The posted form as the form shows it again (after an error, or a search). */
export function valuesFromPost(fields: FormField[], body: Posted): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    if (f.kind === 'webLinks') {
      const rows: WebLinkValue[] = [];
      for (let i = 0; i < MAX_WEB_LINKS; i++) {
        const row = {
          url: str(body[`${f.name}.${i}.url`]),
          label: str(body[`${f.name}.${i}.label`]),
          kind: str(body[`${f.name}.${i}.kind`]),
        };
        // An empty row is the blank one the form offers for a new link; its kind select always posts a value.
        if (row.url.trim() || row.label.trim()) rows.push(row);
      }
      values[f.name] = rows;
    } else if (f.kind === 'links' || f.kind === 'roleLinks') {
      values[f.name] = list(body[f.name]).map((slug) =>
        f.roles ? { slug, role: str(body[`${f.name}.role.${slug}`]) || f.roles[0]! } : { slug },
      );
    } else if (f.kind === 'ref') {
      const slug = str(body[f.name]);
      values[f.name] = slug ? [{ slug }] : [];
    } else values[f.name] = str(body[f.name]);
  }
  return values;
}

/** Form values to the services' input: empty is null, lists split, local times read in the entry's time zone. */
export function inputFromValues(fields: FormField[], values: FormValues, o: { creating: boolean }): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const zone = typeof values.timeZone === 'string' && values.timeZone.trim() ? values.timeZone.trim() : 'Europe/London';
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'webLinks') {
      input[f.name] = ((v ?? []) as WebLinkValue[]).map((l) => ({ url: l.url.trim(), label: l.label.trim(), kind: l.kind }));
      continue;
    }
    if (Array.isArray(v)) {
      const chosen = v as { slug: string; role?: string }[];
      if (f.kind === 'ref') input[f.name] = chosen[0]?.slug ?? null;
      else input[f.name] = f.roles ? chosen.map((l) => ({ organisation: l.slug, role: l.role })) : chosen.map((l) => l.slug);
      continue;
    }
    const text = (v ?? '').trim();
    // Left empty on a new entry: the service's default (or its "is required") applies.
    if (!text) {
      if (o.creating && f.name === 'slug') continue;
      input[f.name] = f.kind === 'lines' ? [] : o.creating && f.name === 'timeZone' ? undefined : null;
      continue;
    }
    switch (f.kind) {
      case 'number':
        input[f.name] = /^-?\d+$/.test(text) ? Number(text) : text;
        break;
      case 'yesno':
        input[f.name] = text === 'yes' ? true : text === 'no' ? false : null;
        break;
      case 'lines':
        input[f.name] = text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean);
        break;
      case 'datetime': {
        const local = DateTime.fromISO(text, { zone });
        input[f.name] = local.isValid ? local.toUTC().toISO({ suppressMilliseconds: true }) : text;
        break;
      }
      default:
        input[f.name] = text;
    }
  }
  return input;
}

/** A snapshot (ids for references) as form values, given each referenced id's slug. */
export function valuesFromSnapshot(
  fields: FormField[],
  snapshot: Record<string, unknown>,
  slugOf: (target: LinkTarget, id: number) => string,
): FormValues {
  const values: FormValues = {};
  const zone = typeof snapshot.timeZone === 'string' ? snapshot.timeZone : 'Europe/London';
  for (const f of fields) {
    const v = snapshot[f.key ?? f.name];
    if (f.kind === 'ref') values[f.name] = typeof v === 'number' ? [{ slug: slugOf(f.target!, v) }] : [];
    else if (f.kind === 'links') values[f.name] = ((v as number[]) ?? []).map((id) => ({ slug: slugOf(f.target!, id) }));
    else if (f.kind === 'roleLinks')
      values[f.name] = ((v as { id: number; role: string }[]) ?? []).map((l) => ({ slug: slugOf(f.target!, l.id), role: l.role }));
    else if (f.kind === 'lines') values[f.name] = ((v as string[]) ?? []).join('\n');
    else if (f.kind === 'webLinks')
      values[f.name] = ((v as WebLinkValue[]) ?? []).map((l) => ({ url: l.url, label: l.label, kind: l.kind }));
    else if (f.kind === 'yesno') values[f.name] = v === true ? 'yes' : v === false ? 'no' : '';
    else if (f.kind === 'datetime')
      values[f.name] = typeof v === 'string' ? (DateTime.fromISO(v, { zone }).toFormat("yyyy-LL-dd'T'HH:mm") ?? '') : '';
    else values[f.name] = v === null || v === undefined ? '' : String(v);
  }
  return values;
}

/** The ids a snapshot references, by target, so their slugs can be looked up in one go each. */
export function referencedIds(fields: FormField[], snapshot: Record<string, unknown>): Map<LinkTarget, number[]> {
  const out = new Map<LinkTarget, number[]>();
  for (const f of fields) {
    if (!f.target) continue;
    const v = snapshot[f.key ?? f.name];
    const ids =
      f.kind === 'ref'
        ? typeof v === 'number'
          ? [v]
          : []
        : ((v as (number | { id: number })[]) ?? []).map((x) => (typeof x === 'number' ? x : x.id));
    out.set(f.target, [...(out.get(f.target) ?? []), ...ids]);
  }
  return out;
}
