// Author text in Atom and JSON Feed is text, never markup: hostile titles written through the API, read back by an XML parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.ts';
import { anonymous, createEditorialApp, type Cast } from './support/editorial-cast.ts';
import { move, mutate } from './support/editorial-mutations.ts';

let app: TestApp;
let cast: Cast;

// What a hostile author might type: live markup, a CDATA terminator (twice: a writer that splits only the first
// one breaks the document), an entity that must stay literal, quotes and a lone ampersand.
const hostile = {
  topic: 'Topic <b>bold</b> & ]]> "quoted"',
  org: 'Org &amp; <img src=x onerror=alert(1)> ]]>',
  event: '<script>alert(1)</script> a]]>b]]>c &amp; &lt; \'single\' "double"',
  eventDescription: '<iframe src="javascript:alert(1)"></iframe> ]]> &amp;',
  caseStudy: '<svg onload=alert(1)> & ]]> &#x3C;',
  caseSummary: '<a href="javascript:alert(1)">click</a> ]]]]>',
};

let topicSlug: string;

/** Create through the API as host A's admin, submit, and have host B's admin approve: published as a user would. */
async function publish(kind: string, inputType: string, input: Record<string, unknown>) {
  const created = await mutate(app, `create${kind}(input: $i)`, `$i: ${inputType}!`, { i: input }, cast.as.adminA);
  if (created.__typename !== 'EditResult') throw new Error(`create${kind}: ${JSON.stringify(created)}`);
  const submitted = await move(app, cast.as.adminA, 'submit', created.entryId, created.revision.id);
  const approved = await move(app, cast.as.adminB, 'approve', created.entryId, submitted.revision.id);
  if (approved.publicationState !== 'PUBLISHED') throw new Error(`approve ${kind}: ${JSON.stringify(approved)}`);
  return approved as { slug: string };
}

beforeAll(async () => {
  ({ app, cast } = await createEditorialApp());
  topicSlug = (await publish('Topic', 'TopicInput', { slug: 'hostile-topic', label: hostile.topic })).slug;
  const org = await publish('Organisation', 'OrganisationInput', { slug: 'hostile-org', name: hostile.org, kind: 'OTHER' });
  await publish('Event', 'EventInput', {
    slug: 'hostile-event',
    title: hostile.event,
    description: hostile.eventDescription,
    startsAt: '2031-03-01T10:00:00Z',
    timeZone: 'Europe/London',
    format: 'ONLINE',
    topics: [topicSlug],
    organisers: [{ organisation: org.slug, role: 'ORGANISER' }],
  });
  await publish('CaseStudy', 'CaseStudyInput', {
    slug: 'hostile-case-study',
    title: hostile.caseStudy,
    summary: hostile.caseSummary,
    topics: [topicSlug],
    organisations: [{ organisation: org.slug, role: 'CONVENER' }],
  });
});
afterAll(() => app?.close());

// An independent XML parser, entities decoded as XML defines them (not HTML's): what a feed reader's XML layer sees.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  trimValues: false,
});
const one = <T>(v: T | T[]): T => (Array.isArray(v) ? (v[0] as T) : v);

/**
 * The text a reader displays for an Atom text construct (RFC 4287 3.1). Only `type="text"` (or no type) is plain
 * text; HTML would be rendered, so a construct that is not text fails here rather than being trusted.
 */
function displayed(construct: unknown): string {
  if (typeof construct === 'string') return construct;
  const c = construct as { '@type'?: string; '#text'?: string };
  expect(c['@type'] ?? 'text').toBe('text');
  return c['#text'] ?? '';
}

async function atom(path: string) {
  const res = await app.app.request(path, { headers: anonymous });
  expect(res.status).toBe(200);
  const body = await res.text();
  expect(XMLValidator.validate(body)).toBe(true);
  return xml.parse(body).feed;
}

describe('Atom', () => {
  it('shows hostile event titles, descriptions, organisers and topics as the literal text their authors typed', async () => {
    const feed = await atom(`/feeds/events.atom?topic=${topicSlug}`);
    expect(displayed(feed.title)).toBe(`Engagement Directory: new events on ${hostile.topic}`);
    const entry = one(feed.entry);
    expect(displayed(entry.title)).toBe(hostile.event);
    expect(displayed(entry.summary)).toContain(hostile.eventDescription);
    expect(displayed(one(entry.author).name)).toBe(hostile.org);
    expect(one(entry.category)['@label']).toBe(hostile.topic);
  });

  it('shows a hostile case study the same way', async () => {
    const feed = await atom(`/feeds/case-studies.atom?topic=${topicSlug}`);
    const entry = one(feed.entry);
    expect(displayed(entry.title)).toBe(hostile.caseStudy);
    expect(displayed(entry.summary)).toBe(hostile.caseSummary);
    expect(displayed(one(entry.author).name)).toBe(hostile.org);
  });
});

describe('JSON Feed', () => {
  // JSON Feed's title is plain text by definition; its body must be content_text, which no reader renders as HTML.
  it('gives hostile events their literal title and their description as content_text, never content_html', async () => {
    const feed = await (await app.app.request(`/feeds/events.json?topic=${topicSlug}`)).json();
    expect(feed.title).toBe(`Engagement Directory: new events on ${hostile.topic}`);
    const [item] = feed.items;
    expect(item.title).toBe(hostile.event);
    expect(item.content_html).toBeUndefined();
    expect(item.content_text).toContain(hostile.eventDescription);
    expect(item.author.name).toBe(hostile.org);
    expect(item.tags).toEqual([hostile.topic]);
  });

  it('and hostile case studies', async () => {
    const feed = await (await app.app.request(`/feeds/case-studies.json?topic=${topicSlug}`)).json();
    const [item] = feed.items;
    expect(item.title).toBe(hostile.caseStudy);
    expect(item.content_html).toBeUndefined();
    expect(item.content_text).toBe(hostile.caseSummary);
  });
});
