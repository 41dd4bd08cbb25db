// An origin's snapshot row as entry input for this directory: its columns as they are, its references to other
// entries turned from the origin's global ids into local slugs (or dropped, with a note for the reviewer).
import { createHash } from 'node:crypto';
import { entryTypes, type EntryType } from '../../../schema/editorial.ts';
import { entrySpecs } from '../editorial/entry-specs.ts';
import { typenames } from '../following/change-feed.ts';
import type { SourceRow } from './read-source.ts';

const typeByName = new Map(entryTypes.map((t) => [typenames[t], t]));
export const entryTypeOf = (typename: string): EntryType | null => typeByName.get(typename) ?? null;

/**
 * Resolves a reference: an origin's global id to the slug of the local entry standing for it (one synced from the
 * same source, else a local one with the slug it has at the origin), or null when there is none here.
 */
export type ResolveRef = (originId: string) => string | null;
/** A place (not an entry, sent whole): its slug if this directory knows that place, else null. */
export type ResolvePlace = (place: { slug: string }) => string | null;

export interface MappedRow {
  type: EntryType;
  input: Record<string, unknown>;
  /** References that could not be mapped, for the revision's message. */
  dropped: string[];
}

const isPlace = (v: unknown): v is { slug: string } => typeof v === 'object' && v !== null && typeof (v as any).slug === 'string';

export function mapRow(row: SourceRow, resolve: ResolveRef, resolvePlace: ResolvePlace): MappedRow | null {
  const type = entryTypeOf(row.type);
  if (!type) return null;
  const spec = entrySpecs[type];
  const refKeys = new Set(spec.refs.map((r) => r.key));
  const input: Record<string, unknown> = {};
  const dropped: string[] = [];
  // Only the fields this directory's input has: a newer origin's extra fields are left behind, not refused.
  for (const key of spec.columns) if (!refKeys.has(key) && key in row.fields) input[key] = row.fields[key];
  const one = (label: string, value: unknown): string | null => {
    if (value === null || value === undefined) return null;
    const slug = isPlace(value) ? resolvePlace(value) : typeof value === 'string' ? resolve(value) : null;
    if (slug === null) dropped.push(`${label} ${isPlace(value) ? value.slug : String(value)}`);
    return slug;
  };
  for (const ref of spec.refs) if (ref.input in row.fields) input[ref.input] = one(ref.label, row.fields[ref.input]);
  for (const link of spec.links) {
    const items = row.fields[link.input];
    if (!Array.isArray(items)) continue;
    input[link.input] = items.flatMap((item): unknown[] => {
      if (link.roles) {
        const slug = one(link.label, (item as { id?: unknown })?.id);
        return slug === null ? [] : [{ organisation: slug, role: (item as { role?: unknown }).role }];
      }
      const slug = one(link.label, item);
      return slug === null ? [] : [slug];
    });
  }
  return { type, input, dropped };
}

/** JSON with every object's keys in order, at every depth, so equal content is equal text. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value;

/**
 * Of the input a row maps to: equal means the origin has nothing new for this entry. Not `JSON.stringify(input,
 * sortedKeys)`: a key list is a filter at every depth, so it hashed `{ organisation, role }` as `{}` and a changed
 * role or link was taken for no change.
 */
export const contentHashOf = (input: Record<string, unknown>) =>
  createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');

/** Every global id a row refers to (not places): looked up before the rows are mapped. */
export function referencesOf(row: SourceRow): string[] {
  const type = entryTypeOf(row.type);
  if (!type) return [];
  const spec = entrySpecs[type];
  const out: string[] = [];
  for (const ref of spec.refs) if (typeof row.fields[ref.input] === 'string') out.push(row.fields[ref.input] as string);
  for (const link of spec.links) {
    const items = row.fields[link.input];
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const id = link.roles ? (item as { id?: unknown })?.id : item;
      if (typeof id === 'string') out.push(id);
    }
  }
  return out;
}
