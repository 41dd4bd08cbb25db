// An entry's links to other entries (topics, methods, places, organisations with roles): snapshotted, validated and written with it.
import { and, eq, inArray, sql } from 'drizzle-orm';
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

/** Input slugs to snapshot ids; unknown slugs and repeats become field errors. */
export async function resolveLinks(
  tx: Db,
  links: readonly LinkSpec[],
  input: Record<string, unknown>,
  errors: FieldError[],
): Promise<Record<string, unknown>> {
  const patch: Record<string, unknown> = {};
  for (const l of links) {
    const raw = input[l.input];
    if (raw === undefined) continue;
    // Role links arrive as { organisation: slug, role }.
    const items = ((raw ?? []) as unknown[]).map((item) =>
      l.roles
        ? { slug: (item as { organisation: string }).organisation, role: (item as { role: string }).role }
        : { slug: item as string, role: '' },
    );
    const slugs = [...new Set(items.map((i) => i.slug))];
    const found = slugs.length
      ? await tx
          .select({ id: l.target.id, slug: l.target.slug })
          .from(l.target as any)
          .where(inArray(l.target.slug, slugs))
      : [];
    const ids = new Map(found.map((f) => [f.slug as string, f.id as number]));
    const seen = new Set<string>();
    const out: (number | RoleLink)[] = [];
    items.forEach((item, index) => {
      const id = ids.get(item.slug);
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
export async function writeLinks(tx: Db, links: readonly LinkSpec[], entryId: number, values: Record<string, unknown>): Promise<void> {
  for (const l of links) {
    const value = values[l.key] as (number | RoleLink)[] | undefined;
    if (value === undefined) continue;
    const j = l.junction;
    const ofEntry = eq(j[l.entryColumn], entryId);
    if (!value.length) {
      await tx.delete(j).where(ofEntry);
      continue;
    }
    // A link's key within its entry: its target, and its role where one target may hold several.
    const byRole = l.roles && !l.onePerTarget;
    const key = byRole ? sql`(${j[l.targetColumn]}, ${j.role})` : sql`${j[l.targetColumn]}`;
    const wanted = sql.join(
      value.map((v) => (byRole ? sql`(${(v as RoleLink).id}, ${(v as RoleLink).role})` : sql`${l.roles ? (v as RoleLink).id : v}`)),
      sql`, `,
    );
    const unwanted = tx.delete(j).where(and(ofEntry, sql`${key} NOT IN (${wanted})`));
    const insert = tx
      .insert(j)
      .values(
        value.map((v) =>
          l.roles
            ? { [l.entryColumn]: entryId, [l.targetColumn]: (v as RoleLink).id, role: (v as RoleLink).role }
            : { [l.entryColumn]: entryId, [l.targetColumn]: v },
        ),
      );
    const added =
      l.roles && l.onePerTarget
        ? insert.onConflictDoUpdate({
            target: [j[l.entryColumn], j[l.targetColumn]],
            set: { role: sql`excluded.role` },
            setWhere: sql`${j.role} <> excluded.role`,
          })
        : insert.onConflictDoNothing();
    await tx.execute(sql`WITH unwanted AS (${unwanted.getSQL()}) ${added.getSQL()}`);
  }
}
