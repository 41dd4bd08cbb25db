// An entry's links to other entries (topics, methods, places, organisations with roles): snapshotted, validated and written with it.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  caseStudyMethods,
  caseStudyOrganisations,
  caseStudyPlaces,
  caseStudyRoles,
  caseStudyTopics,
} from '../../../schema/case-studies.ts';
import { eventMethods, eventOrganiserRoles, eventOrganisers, eventTopics } from '../../../schema/events.ts';
import { methods } from '../../../schema/methods.ts';
import { organisations, organisationTopics } from '../../../schema/organisations.ts';
import { places } from '../../../schema/places.ts';
import { topics } from '../../../schema/topics.ts';
import type { Db } from '../../db.ts';
import type { FieldError } from '../../errors.ts';
import type { EntryType } from '../catalogue/changes.ts';

export interface LinkSpec {
  /** Input field: a list of slugs, or of { <slugField>, role } when links carry a role. */
  input: string;
  /** Snapshot key: sorted ids, or sorted { id, role }. */
  key: string;
  junction: any;
  entryColumn: string;
  targetColumn: string;
  target: typeof topics | typeof methods | typeof places | typeof organisations;
  label: string;
  roles?: readonly string[];
  /** The junction allows one row per target, whatever the role. */
  onePerTarget?: boolean;
}

type RoleLink = { id: number; role: string };

const topicLink = (junction: any, entryColumn: string): LinkSpec => ({
  input: 'topics',
  key: 'topicIds',
  junction,
  entryColumn,
  targetColumn: 'topicId',
  target: topics,
  label: 'topic',
});

export const linkSpecs: Record<EntryType, LinkSpec[]> = {
  organisation: [topicLink(organisationTopics, 'organisationId')],
  caseStudy: [
    {
      input: 'organisations',
      key: 'organisationRoles',
      junction: caseStudyOrganisations,
      entryColumn: 'caseStudyId',
      targetColumn: 'organisationId',
      target: organisations,
      label: 'organisation',
      roles: caseStudyRoles,
    },
    {
      input: 'methods',
      key: 'methodIds',
      junction: caseStudyMethods,
      entryColumn: 'caseStudyId',
      targetColumn: 'methodId',
      target: methods,
      label: 'method',
    },
    topicLink(caseStudyTopics, 'caseStudyId'),
    {
      input: 'places',
      key: 'placeIds',
      junction: caseStudyPlaces,
      entryColumn: 'caseStudyId',
      targetColumn: 'placeId',
      target: places,
      label: 'place',
    },
  ],
  event: [
    {
      input: 'organisers',
      key: 'organiserRoles',
      junction: eventOrganisers,
      entryColumn: 'eventId',
      targetColumn: 'organisationId',
      target: organisations,
      label: 'organisation',
      roles: eventOrganiserRoles,
      onePerTarget: true,
    },
    topicLink(eventTopics, 'eventId'),
    {
      input: 'methods',
      key: 'methodIds',
      junction: eventMethods,
      entryColumn: 'eventId',
      targetColumn: 'methodId',
      target: methods,
      label: 'method',
    },
  ],
  method: [],
  eventSeries: [],
  topic: [],
};

export const linkSchema = (l: LinkSpec) =>
  l.roles
    ? z.array(z.object({ id: z.number().int(), role: z.enum(l.roles as [string, ...string[]]) })).max(100)
    : z.array(z.number().int()).max(100);

const sortLinks = (l: LinkSpec, value: unknown[]) =>
  l.roles
    ? (value as RoleLink[]).slice().sort((a, b) => a.id - b.id || a.role.localeCompare(b.role))
    : (value as number[]).slice().sort((a, b) => a - b);

/** The id of the entry at `slug` in `table`, as looked up beforehand (`lookupSlugs`); undefined when there is none. */
export type IdOfSlug = (table: object, slug: string) => number | undefined;

/** The slugs an input names in each link field, by the table they are looked up in. */
export function linkSlugs(links: readonly LinkSpec[], input: Record<string, unknown>, want: (table: object, slug: string) => void): void {
  for (const l of links) for (const item of linkItems(l, input[l.input])) want(l.target, item.slug);
}

/** Role links arrive as { organisation: slug, role }. */
const linkItems = (l: LinkSpec, raw: unknown) =>
  ((raw ?? []) as unknown[]).map((item) =>
    l.roles
      ? { slug: (item as { organisation: string }).organisation, role: (item as { role: string }).role }
      : { slug: item as string, role: '' },
  );

/** Input slugs to snapshot ids; unknown slugs and repeats become field errors. No I/O: the ids are looked up first. */
export function resolveLinks(
  links: readonly LinkSpec[],
  input: Record<string, unknown>,
  idOf: IdOfSlug,
  errors: FieldError[],
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const l of links) {
    const raw = input[l.input];
    if (raw === undefined) continue;
    const seen = new Set<string>();
    const out: (number | RoleLink)[] = [];
    linkItems(l, raw).forEach((item, index) => {
      const id = idOf(l.target, item.slug);
      const key = l.onePerTarget || !l.roles ? item.slug : `${item.slug}/${item.role}`;
      if (id === undefined) errors.push({ path: ['input', l.input, String(index)], message: `no ${l.label} has the slug "${item.slug}"` });
      else if (seen.has(key)) errors.push({ path: ['input', l.input, String(index)], message: `"${item.slug}" is listed twice` });
      else out.push(l.roles ? { id, role: item.role } : id);
      seen.add(key);
    });
    patch[l.key] = sortLinks(l, out);
  }
  return patch;
}

/** The stored links of an entry, as snapshot values. */
export async function loadLinks(tx: Db, links: readonly LinkSpec[], entryId: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const l of links) {
    const j = l.junction;
    const rows = await tx
      .select({ id: j[l.targetColumn], ...(l.roles ? { role: j.role } : {}) })
      .from(j)
      .where(eq(j[l.entryColumn], entryId));
    out[l.key] = sortLinks(l, l.roles ? rows : rows.map((r: { id: number }) => r.id));
  }
  return out;
}

/**
 * Replaces an entry's links with the snapshot's, for each link key present in `values`: one
 * statement a key, which removes the links no longer wanted and adds the new ones (a role link held
 * once per target takes its new role). Removed and added rows never share a key, so the order in
 * which PostgreSQL runs the two parts does not matter; links that stay are left alone.
 */
export function writeLinks(tx: Db, links: readonly LinkSpec[], entryId: number, values: Record<string, unknown>): Promise<void> {
  return writeLinksOfEntries(tx, links, [{ id: entryId, values }]);
}

/**
 * `writeLinks` for many entries at once, still one statement a link key. `fresh` entries were inserted in this
 * transaction and have no links yet: their links are only added, and an empty list costs nothing.
 */
export async function writeLinksOfEntries(
  tx: Db,
  links: readonly LinkSpec[],
  entries: readonly { id: number; values: Record<string, unknown> }[],
  o: { fresh?: boolean } = {},
): Promise<void> {
  for (const parts of linkWrites(tx, links, entries, o)) {
    const [first, second] = parts;
    await tx.execute(second ? sql`WITH unwanted AS (${first}) ${second}` : first!);
  }
}

/**
 * The statements `writeLinksOfEntries` sends, for a write that sends them inside one of its own (as CTEs): per link
 * key, one or two data-modifying statements, which touch different rows so may run as parts of one statement.
 */
export function linkWrites(
  tx: Db,
  links: readonly LinkSpec[],
  entries: readonly { id: number; values: Record<string, unknown> }[],
  o: { fresh?: boolean } = {},
): SQL[][] {
  const out: SQL[][] = [];
  for (const l of links) {
    const j = l.junction;
    const withKey = entries.filter((e) => e.values[l.key] !== undefined);
    const rows = withKey.flatMap((e) =>
      (e.values[l.key] as (number | RoleLink)[]).map((v) =>
        l.roles
          ? { [l.entryColumn]: e.id, [l.targetColumn]: (v as RoleLink).id, role: (v as RoleLink).role }
          : { [l.entryColumn]: e.id, [l.targetColumn]: v },
      ),
    );
    if (o.fresh) {
      if (rows.length) out.push([tx.insert(j).values(rows).getSQL()]);
      continue;
    }
    if (!withKey.length) continue;
    const ofEntries =
      withKey.length === 1
        ? eq(j[l.entryColumn], withKey[0]!.id)
        : inArray(
            j[l.entryColumn],
            withKey.map((e) => e.id),
          );
    if (!rows.length) {
      out.push([tx.delete(j).where(ofEntries).getSQL()]);
      continue;
    }
    // A link's key: its entry and target, and its role where one target may hold several.
    const byRole = l.roles && !l.onePerTarget;
    const key = byRole ? sql`(${j[l.entryColumn]}, ${j[l.targetColumn]}, ${j.role})` : sql`(${j[l.entryColumn]}, ${j[l.targetColumn]})`;
    const wanted = sql.join(
      rows.map((r) =>
        byRole ? sql`(${r[l.entryColumn]}, ${r[l.targetColumn]}, ${r.role})` : sql`(${r[l.entryColumn]}, ${r[l.targetColumn]})`,
      ),
      sql`, `,
    );
    const unwanted = tx.delete(j).where(and(ofEntries, sql`${key} NOT IN (${wanted})`));
    const insert = tx.insert(j).values(rows);
    const added =
      l.roles && l.onePerTarget
        ? insert.onConflictDoUpdate({
            target: [j[l.entryColumn], j[l.targetColumn]],
            set: { role: sql`excluded.role` },
            setWhere: sql`${j.role} <> excluded.role`,
          })
        : insert.onConflictDoNothing();
    out.push([unwanted.getSQL(), added.getSQL()]);
  }
  return out;
}
