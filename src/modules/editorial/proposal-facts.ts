// What a proposal on a locked entry reads, in one statement: who maintains it, its head, what the public last saw, whom it names.
import { getColumns, sql, type SQL } from 'drizzle-orm';
import { revisions } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { linkSlugs, type IdOfSlug } from './entry-links.ts';
import type { EntrySpec } from './entry-specs.ts';
import { idFields, labelKey, PUBLISHED_STEP, targets, type Labels, type TargetKind } from './review-diff.ts';
import type { RevisionRow } from './revision-store.ts';

export interface ProposalFacts {
  maintainers: number[];
  /** The entry's newest revision; null for an entry written before history was kept. */
  head: RevisionRow | null;
  /** The snapshot the public last saw, up to the head (the new revision's review diff is against it); null if never. */
  published: Record<string, unknown> | null;
  /** The ids of the entries the input names by slug, as `lookupSlugs` answers. */
  idOf: IdOfSlug;
  /** Slug and label of every entry the head, the published snapshot and the input name: all the new revision's diffs show. */
  labels: Labels;
}

const kindOfTable = new Map<object, TargetKind>(Object.entries(targets).map(([kind, t]) => [t.table, kind as TargetKind]));
const columnOfKey = Object.entries(getColumns(revisions)).map(([key, column]) => [key, column.name] as const);
const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/**
 * Read after the row is locked (lockEntryAsActor), so in a snapshot taken once every earlier writer of the entry has
 * committed: a statement's snapshot is taken when it starts, so these could not ride on the locking statement, which
 * may wait for the lock and would then see the head and maintainers as they were before the wait.
 */
export async function readProposalFacts(
  tx: Pick<Db, 'execute'>,
  spec: EntrySpec,
  entryId: number,
  named: { inputs?: readonly Record<string, unknown>[]; snapshots?: readonly Record<string, unknown>[] },
): Promise<ProposalFacts> {
  const slugs = new Map<TargetKind, Set<string>>();
  const want = (table: object, slug: string) => {
    const kind = kindOfTable.get(table)!;
    slugs.set(kind, (slugs.get(kind) ?? new Set()).add(slug));
  };
  for (const input of named.inputs ?? []) {
    linkSlugs(spec.links, input, want);
    for (const ref of spec.refs) if (input[ref.input] != null) want(ref.table, String(input[ref.input]));
  }
  const ofKinds = (Object.keys(targets) as TargetKind[]).flatMap((kind) => {
    const paths = idFields(spec)
      .filter((f) => f.kind === kind)
      .map((f) => `$.${f.key}${f.list ? '[*]' : ''}${f.roles ? '.id' : ''} ? (@.type() == "number")`);
    const wanted = slugs.get(kind);
    return paths.length || wanted ? [namedOfKind(kind, paths, wanted ? [...wanted] : [])] : [];
  });
  const [row] = await tx.execute<{ maintainers: unknown; head: unknown; published: unknown; named: unknown }>(
    sql`WITH head AS (
          SELECT * FROM revisions WHERE entry_type = ${spec.type} AND entry_id = ${entryId} ORDER BY id DESC LIMIT 1
        ), published AS (
          SELECT p.snapshot FROM revisions p
          WHERE p.entry_type = ${spec.type} AND p.entry_id = ${entryId} AND p.id <= (SELECT id FROM head) AND ${PUBLISHED_STEP}
          ORDER BY p.id DESC LIMIT 1
        ), snapshots AS (
          SELECT snapshot FROM head UNION ALL SELECT snapshot FROM published
          UNION ALL SELECT value FROM jsonb_array_elements(${JSON.stringify(named.snapshots ?? [])}::text::jsonb)
        )
        SELECT (SELECT coalesce(json_agg(m.organisation_id), '[]') FROM entry_maintainers m
                 WHERE m.entry_type = ${spec.type} AND m.entry_id = ${entryId}) AS maintainers,
          (SELECT row_to_json(h) FROM head h) AS head,
          (SELECT snapshot FROM published) AS published,
          ${ofKinds.length ? sql`(SELECT coalesce(json_agg(n), '[]') FROM (${sql.join(ofKinds, sql` UNION ALL `)}) n)` : sql`'[]'::json`} AS named`,
    'objects',
  );
  const head = parsed(row!.head) as Record<string, unknown> | null;
  const rows = parsed(row!.named) as { kind: TargetKind; id: number; slug: string; label: string }[];
  const labels: Labels = new Map(rows.map((r) => [labelKey(r.kind, r.id), { slug: r.slug, label: r.label }]));
  const ids = new Map(rows.map((r) => [`${r.kind}:${r.slug}`, r.id]));
  return {
    maintainers: parsed(row!.maintainers) as number[],
    head: head && (Object.fromEntries(columnOfKey.map(([key, name]) => [key, head[name] ?? null])) as RevisionRow),
    published: (parsed(row!.published) as Record<string, unknown> | null) ?? null,
    idOf: (table, slug) => ids.get(`${kindOfTable.get(table)}:${slug}`),
    labels,
  };
}

/** The entries of one kind the snapshots name by id (`paths`, jsonpath) or the input names by slug. */
function namedOfKind(kind: TargetKind, paths: string[], slugs: string[]): SQL {
  const { table, label } = targets[kind];
  const byId = paths.map((p) => sql`SELECT (jsonb_path_query(s.snapshot, ${p}::jsonpath))::int FROM snapshots s`);
  const bySlug = slugs.length
    ? [
        sql`SELECT ${table.id} FROM ${table} WHERE ${table.slug} IN (SELECT jsonb_array_elements_text(${JSON.stringify(slugs)}::text::jsonb))`,
      ]
    : [];
  // ARRAY(...) is worked out once, then each id is an index lookup.
  return sql`SELECT ${kind}::text AS kind, ${table.id} AS id, ${table.slug} AS slug, ${label} AS label FROM ${table}
    WHERE ${table.id} = ANY (ARRAY(${sql.join([...byId, ...bySlug], sql` UNION `)}))`;
}
