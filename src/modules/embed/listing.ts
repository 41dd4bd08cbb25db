// Loads a listing or one entry through the same persisted documents the browser uses, as plain items.
import { dateFormat } from '../catalogue/date-formats.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import { AppError, type ErrorCode } from '../../errors.ts';
import { entryQueries, listingQueries, nameQueries, type PersistedDocument } from './documents.ts';
import { entryUrl, type EmbedKind } from './kinds.ts';
import { listingVariables, type ListingFilters, type ListingRequest } from './params.ts';

export interface EmbedItem {
  title: string;
  url: string;
  /** Short facts (date, format, place), shown on one line. */
  meta: string[];
  description: string | null;
}

export interface Listing {
  items: EmbedItem[];
  /** How many match: exact, or (not exact) more than `value`. */
  count: { value: number; exact: boolean };
}

/**
 * Runs a persisted document as an anonymous GET of /graphql would, through the same stack (bounds, masking,
 * compiled path, response cache, replica): the composition root hands it in, so this module never sees the schema.
 */
export type AnonymousExecutor = (request: { documentId: string; variables: Record<string, unknown>; requestId: string }) => Promise<{
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}>;

export interface EmbedDeps {
  config: Config;
  execute: AnonymousExecutor;
  /** For the builder's own lookups (the topic list): the database anonymous reads use. */
  readDb: () => Db;
}

interface Deps extends EmbedDeps {
  requestId: string;
}

async function run(deps: Deps, document: PersistedDocument, variables: Record<string, unknown>): Promise<Record<string, any>> {
  // Always anonymous: an embed shows what any visitor may see, whoever loads it.
  const result = await deps.execute({ documentId: `sha256:${document.hash}`, variables, requestId: deps.requestId });
  const first = result.errors?.[0];
  if (first) {
    const code = first.extensions?.code;
    // Bad filter values (an unknown topic) are the caller's to fix; anything else is ours.
    if (code === 'INVALID_INPUT' || code === 'NOT_FOUND' || code === 'UNAVAILABLE')
      throw new AppError(code satisfies ErrorCode, first.message);
    throw new Error(`embed document ${document.hash.slice(0, 12)} failed: ${code ?? 'no code'}: ${first.message}`);
  }
  return result.data as Record<string, any>;
}

export async function loadListing(deps: Deps, request: ListingRequest): Promise<Listing> {
  const data = await run(deps, listingQueries[request.kind], listingVariables(request));
  const connection = Object.values(data)[0] as { count: Listing['count']; nodes: Record<string, any>[] };
  return { count: connection.count, items: connection.nodes.map((n) => toItem(request.kind, n, deps.config.PUBLIC_URL)) };
}

/** The filters that name something, and what to call it in a message. */
export const namedFilters = [
  ['topic', 'topic'],
  ['organisation', 'organisation'],
  ['series', 'event series'],
] as const;

/**
 * Refuses, with a 404 naming the filter, a listing whose topic, organisation or series names nothing
 * published: a misspelt "helth" must not read as "nothing on Health yet". Asked only of empty listings.
 */
export async function assertNamesExist(deps: Deps, filters: ListingFilters): Promise<void> {
  const missing: { name: string; noun: string; value: string }[] = [];
  for (const [name, noun] of namedFilters) {
    const value = filters[name];
    if (!value) continue;
    const data = await run(deps, nameQueries[name], { slug: value });
    if (!data.found) missing.push({ name, noun, value });
  }
  if (!missing.length) return;
  throw new AppError(
    'NOT_FOUND',
    missing.map((m) => `No published ${m.noun} is called "${m.value}".`).join(' '),
    missing.map((m) => ({ path: [m.name], message: `no published ${m.noun} is called "${m.value}"` })),
  );
}

/** One published entry, or null when there is none the public may see. */
export async function loadEntry(deps: Deps, kind: EmbedKind, slug: string): Promise<EmbedItem | null> {
  const data = await run(deps, entryQueries[kind], { slug });
  return data.entry ? toItem(kind, data.entry, deps.config.PUBLIC_URL) : null;
}

const words = (enumValue: string) => enumValue.charAt(0) + enumValue.slice(1).toLowerCase().replace(/_/g, ' ');

/** Cuts long text at a word boundary, so cards stay even. */
export function clip(text: string | null | undefined, max = 180): string | null {
  if (!text) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).replace(/[\s,.;:]+$/, '')}…`;
}

const eventStyles: Record<string, Intl.DateTimeFormatOptions> = {
  DAY: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  MONTH: { month: 'long', year: 'numeric' },
  YEAR: { year: 'numeric' },
};

export function formatEventDate(startsAt: string, timeZone: string, precision: string): string {
  const style = precision === 'DAY' || precision === 'MONTH' ? precision : 'YEAR';
  return dateFormat(`embed-event-${style}`, eventStyles[style]!, timeZone).format(new Date(startsAt));
}

const dateStyles: Record<string, Intl.DateTimeFormatOptions> = {
  DAY: { day: 'numeric', month: 'short', year: 'numeric' },
  MONTH: { month: 'long', year: 'numeric' },
  YEAR: { year: 'numeric' },
};

function formatDate(date: string | null, precision: string): string | null {
  if (!date) return null;
  const style = precision === 'DAY' || precision === 'MONTH' ? precision : 'YEAR';
  return dateFormat(`embed-date-${style}`, dateStyles[style]!, 'UTC').format(new Date(`${date}T00:00:00Z`));
}

function toItem(kind: EmbedKind, n: Record<string, any>, publicUrl: string): EmbedItem {
  const url = entryUrl(publicUrl, kind, n.slug);
  const compact = (xs: (string | null | undefined)[]) => xs.filter((x): x is string => !!x);
  switch (kind) {
    case 'events':
      return {
        title: n.title,
        url,
        meta: compact([
          n.status !== 'SCHEDULED' ? words(n.status) : null,
          formatEventDate(n.startsAt, n.timeZone, n.datePrecision),
          words(n.format),
          n.venue ?? n.place?.name,
        ]),
        description: clip(n.description),
      };
    case 'case-studies':
      return {
        title: n.title,
        url,
        meta: compact([formatDate(n.startDate, n.startDatePrecision), ...n.places.map((p: { name: string }) => p.name)]),
        description: clip(n.summary),
      };
    case 'organisations':
      return { title: n.name, url, meta: compact([words(n.kind), n.region]), description: clip(n.description) };
    case 'methods':
      return { title: n.name, url, meta: [], description: clip(n.description) };
  }
}
