// schema.org JSON-LD for each public page: Event, Organization, CreativeWork (case studies), DefinedTerm (methods, topics).
import { isoAtPrecision } from '../catalogue/partial-dates.ts';
import { localIso } from '../events/local-time.ts';
import { safeUrl } from './layout.ts';
import type { CaseStudyPageData, EventPageData, MethodPageData, OrganisationPageData, TopicPageData } from './load.ts';

const CONTEXT = 'https://schema.org';

const statuses = { scheduled: 'EventScheduled', postponed: 'EventPostponed', cancelled: 'EventCancelled' } as const;
const modes = { in_person: 'OfflineEventAttendanceMode', online: 'OnlineEventAttendanceMode', hybrid: 'MixedEventAttendanceMode' } as const;

/** Local time with its offset; when only the month or year is known, just that (ISO 8601 allows "2024-09"). */
export function schemaDate(instant: string, timeZone: string, precision: string): string {
  return isoAtPrecision(localIso(instant, timeZone), precision);
}

/** An object's known values: null, undefined and empty strings left out; null when nothing but its @type is left. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> | null {
  const kept = Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return kept.some(([k]) => k !== '@type') ? (Object.fromEntries(kept) as Partial<T>) : null;
}

const orgRef = (base: string, o: { slug: string; name: string; website?: string | null }) => ({
  '@type': 'Organization',
  '@id': `${base}/organisations/${o.slug}#organisation`,
  name: o.name,
  url: `${base}/organisations/${o.slug}`,
  ...(safeUrl(o.website) ? { sameAs: o.website } : {}),
});

export function eventJsonLd(base: string, e: EventPageData) {
  const url = `${base}/events/${e.slug}`;
  // A free-text venue is a Place by name only: an address is given when a place says where, never an empty one.
  const address = e.place
    ? compact({
        '@type': 'PostalAddress',
        addressLocality: e.place.name,
        addressRegion: e.place.region,
        addressCountry: e.place.country,
      })
    : null;
  const physical = e.place || e.venue ? { '@type': 'Place', name: e.venue ?? e.place?.name, ...(address ? { address } : {}) } : null;
  // An online event without a known link still happens online: the page itself stands in for it.
  const virtual = { '@type': 'VirtualLocation', url: safeUrl(e.onlineUrl) ?? url };
  const location = e.format === 'online' ? virtual : e.format === 'hybrid' ? [physical, virtual].filter(Boolean) : physical;
  return {
    '@context': CONTEXT,
    '@type': 'Event',
    '@id': `${url}#event`,
    url,
    name: e.title,
    ...(e.description ? { description: e.description } : {}),
    // Only public rows get here, and they are complete (the *_complete_unless_draft checks).
    startDate: schemaDate(e.startsAt!, e.timeZone, e.datePrecision),
    ...(e.endsAt ? { endDate: schemaDate(e.endsAt, e.timeZone, e.datePrecision) } : {}),
    eventStatus: `${CONTEXT}/${statuses[e.status]}`,
    eventAttendanceMode: `${CONTEXT}/${modes[e.format!]}`,
    ...(location ? { location } : {}),
    ...(e.organisers.length ? { organizer: e.organisers.map((r) => orgRef(base, r.organisation)) } : {}),
    ...(e.speakers.length
      ? { performer: e.speakers.map((s) => ({ '@type': 'Person', name: s.name, ...(s.title ? { jobTitle: s.title } : {}) })) }
      : {}),
    ...(e.series ? { superEvent: { '@type': 'EventSeries', name: e.series.name } } : {}),
    ...(safeUrl(e.registrationUrl) ? { offers: { '@type': 'Offer', url: e.registrationUrl } } : {}),
    ...(e.topics.length ? { keywords: e.topics.map((t) => t.label).join(', ') } : {}),
  };
}

export function organisationJsonLd(base: string, o: OrganisationPageData) {
  return {
    '@context': CONTEXT,
    ...orgRef(base, o),
    ...(o.description ? { description: o.description } : {}),
    ...(o.region || o.country
      ? { address: compact({ '@type': 'PostalAddress', addressRegion: o.region, addressCountry: o.country }) }
      : {}),
    ...(o.parent ? { parentOrganization: orgRef(base, o.parent) } : {}),
    ...(o.children.length ? { subOrganization: o.children.map((c) => orgRef(base, c)) } : {}),
    ...(o.topics.length ? { knowsAbout: o.topics.map((t) => t.label) } : {}),
  };
}

export function caseStudyJsonLd(base: string, c: CaseStudyPageData) {
  const url = `${base}/case-studies/${c.slug}`;
  // The work's own dates at their own precision ("2024-09/2025-03"); an open end is "..".
  const temporal = c.startDate
    ? `${isoAtPrecision(c.startDate, c.startDatePrecision)}/${c.endDate ? isoAtPrecision(c.endDate, c.endDatePrecision) : '..'}`
    : null;
  return {
    '@context': CONTEXT,
    '@type': 'CreativeWork',
    '@id': `${url}#case-study`,
    url,
    name: c.title,
    ...(c.summary ? { abstract: c.summary, description: c.summary } : {}),
    ...(c.body ? { text: c.body } : {}),
    ...(temporal ? { temporalCoverage: temporal } : {}),
    ...(c.places.length ? { spatialCoverage: c.places.map((p) => ({ '@type': 'Place', name: p.name })) } : {}),
    // schema.org's Role pattern: the role wraps the organisation under the same property name.
    ...(c.organisations.length
      ? {
          contributor: c.organisations.map((r) => ({
            '@type': 'Role',
            roleName: r.role,
            contributor: orgRef(base, r.organisation),
          })),
        }
      : {}),
    ...(c.topics.length
      ? { about: c.topics.map((t) => ({ '@type': 'DefinedTerm', name: t.label, url: `${base}/topics/${t.slug}` })) }
      : {}),
    // When the work was done, not when its row was loaded (the seed's load time, for work done in 2024).
    ...(c.startDate ? { dateCreated: isoAtPrecision(c.startDate, c.startDatePrecision) } : {}),
    // The entry's last edit is a fact about this page, which dateModified describes.
    dateModified: new Date(c.updatedAt).toISOString(),
  };
}

export function methodJsonLd(base: string, m: MethodPageData) {
  const url = `${base}/methods/${m.slug}`;
  return {
    '@context': CONTEXT,
    '@type': 'DefinedTerm',
    '@id': `${url}#method`,
    url,
    name: m.name,
    ...(m.description ? { description: m.description } : {}),
    inDefinedTermSet: { '@type': 'DefinedTermSet', name: 'Methods of public engagement', url: `${base}/methods` },
  };
}

export function topicJsonLd(base: string, t: TopicPageData) {
  const url = `${base}/topics/${t.slug}`;
  return {
    '@context': CONTEXT,
    '@type': 'DefinedTerm',
    '@id': `${url}#topic`,
    url,
    name: t.label,
    ...(t.description ? { description: t.description } : {}),
    ...(t.aliases.length ? { alternateName: t.aliases } : {}),
    inDefinedTermSet: { '@type': 'DefinedTermSet', name: 'Engagement Directory topics', url: `${base}/topics` },
  };
}
