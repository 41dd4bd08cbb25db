// What can be embedded: the four listing kinds, their directory paths and which filters each accepts.

export const embedKinds = ['events', 'case-studies', 'organisations', 'methods'] as const;
export type EmbedKind = (typeof embedKinds)[number];

export const filterNames = ['topic', 'organisation', 'region', 'format', 'series', 'search'] as const;
export type FilterName = (typeof filterNames)[number];

/**
 * How an embed filter maps onto the GraphQL filter input: the field it sets and whether that field
 * is a list. `search` is a top-level argument for every kind, so it is not listed here. The embed
 * script receives this same table, so the browser and the server build identical variables (and
 * therefore identical, cacheable GET URLs).
 */
export const filterFields: Record<EmbedKind, Partial<Record<Exclude<FilterName, 'search'>, [field: string, list: boolean]>>> = {
  events: {
    topic: ['topics', true],
    organisation: ['organiser', false],
    region: ['region', false],
    series: ['series', false],
    format: ['formats', true],
  },
  'case-studies': { topic: ['topics', true], organisation: ['organisation', false], region: ['region', false], format: ['formats', true] },
  organisations: { topic: ['topics', true], region: ['region', false] },
  methods: {},
};

/** Human names, for titles and accessible labels. */
export const kindLabels: Record<EmbedKind, { plural: string; listing: string }> = {
  events: { plural: 'events', listing: 'Upcoming events' },
  'case-studies': { plural: 'case studies', listing: 'Case studies' },
  organisations: { plural: 'organisations', listing: 'Organisations' },
  methods: { plural: 'methods', listing: 'Methods' },
};

export const isEmbedKind = (value: string): value is EmbedKind => (embedKinds as readonly string[]).includes(value);

/** Public directory URLs: `/events` lists, `/events/<slug>` is one entry. */
export const entryUrl = (publicUrl: string, kind: EmbedKind, slug: string) => `${publicUrl}/${kind}/${encodeURIComponent(slug)}`;
