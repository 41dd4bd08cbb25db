// What a revision changes, as a reviewer reads it: against the published state, with links and references by slug and label.
import { inArray, sql, type SQL } from 'drizzle-orm';
import { eventSeries } from '../../../schema/events.ts';
import type { FieldChange } from '../../../schema/editorial.ts';
import { methods } from '../../../schema/methods.ts';
import { organisations } from '../../../schema/organisations.ts';
import { places } from '../../../schema/places.ts';
import { topics } from '../../../schema/topics.ts';
import type { Db } from '../../db.ts';
import type { EntryType } from '../catalogue/changes.ts';
import type { AccessContext } from '../access/transaction.ts';
import { entrySpecs, type EntrySpec } from './entry-specs.ts';
import { assertCanReadHistory } from './history.ts';
import { diffSnapshots, headRevision, type RevisionRow } from './revision-store.ts';

/** A linked or referenced entry as a person reads it. */
export interface Named {
  slug: string | null;
  label: string | null;
  role?: string;
}

/** What each kind of target is called in a snapshot's references and links, and where its label lives. */
export const targets = {
  organisation: { table: organisations, label: organisations.name },
  topic: { table: topics, label: topics.label },
  method: { table: methods, label: methods.name },
  place: { table: places, label: places.name },
  'event series': { table: eventSeries, label: eventSeries.name },
} as const;
export type TargetKind = keyof typeof targets;

/** The keys of a snapshot that hold ids, with the readable field each becomes (`topicIds` -> `topics`). */
export function idFields(spec: EntrySpec): { key: string; field: string; kind: TargetKind; list: boolean; roles: boolean }[] {
  return [
    ...spec.refs.map((r) => ({ key: r.key, field: r.input, kind: r.label as TargetKind, list: false, roles: false })),
    ...spec.links.map((l) => ({ key: l.key, field: l.input, kind: l.label as TargetKind, list: true, roles: Boolean(l.roles) })),
  ];
}

type Ref = { id: number; role?: string };
const refsIn = (value: unknown, list: boolean): Ref[] =>
  list
    ? ((value ?? []) as (number | Ref)[]).map((v) => (typeof v === 'number' ? { id: v } : v))
    : value == null
      ? []
      : [{ id: Number(value) }];

/** The slug and label of each referenced entry, by `labelKey`. */
export type Labels = Map<string, { slug: string; label: string }>;
export const labelKey = (kind: TargetKind, id: number) => `${kind}:${id}`;

/** Every referenced id of these snapshots' entry types, looked up in one statement. */
async function loadLabels(
  db: Pick<Db, 'execute'>,
  items: { spec: EntrySpec; snapshots: (Record<string, unknown> | null)[] }[],
): Promise<Labels> {
  const wanted = new Map<TargetKind, Set<number>>();
  for (const { spec, snapshots } of items) {
    for (const f of idFields(spec)) {
      for (const s of snapshots) {
        if (!s || !(f.key in s)) continue;
        for (const r of refsIn(s[f.key], f.list)) {
          if (!wanted.has(f.kind)) wanted.set(f.kind, new Set());
          wanted.get(f.kind)!.add(r.id);
        }
      }
    }
  }
  const labels: Labels = new Map();
  const parts: SQL[] = [...wanted].map(([kind, ids]) => {
    const t = targets[kind];
    return sql`SELECT ${kind}::text AS kind, ${t.table.id} AS id, ${t.table.slug} AS slug, ${t.label} AS label FROM ${t.table} WHERE ${inArray(t.table.id, [...ids])}`;
  });
  if (!parts.length) return labels;
  const rows = await db.execute<{ kind: TargetKind; id: number; slug: string; label: string }>(
    sql.join(parts, sql` UNION ALL `),
    'objects',
  );
  for (const r of rows) labels.set(labelKey(r.kind, Number(r.id)), { slug: r.slug, label: r.label });
  return labels;
}

/** A snapshot with ids replaced by { slug, label } (and role), under the names the input uses; lists sorted by slug. */
function readable(spec: EntrySpec, snapshot: Record<string, unknown>, labels: Labels): Record<string, unknown> {
  const out: Record<string, unknown> = { ...snapshot };
  for (const f of idFields(spec)) {
    if (!(f.key in snapshot)) continue;
    const named = refsIn(snapshot[f.key], f.list).map((r): Named => {
      const hit = labels.get(labelKey(f.kind, r.id));
      return { slug: hit?.slug ?? null, label: hit?.label ?? null, ...(f.roles && r.role ? { role: r.role } : {}) };
    });
    named.sort((a, b) => (a.slug ?? '').localeCompare(b.slug ?? '') || (a.role ?? '').localeCompare(b.role ?? ''));
    delete out[f.key];
    out[f.field] = f.list ? named : (named[0] ?? null);
  }
  return out;
}

/** The state of an entry never published: nothing, and empty lists. Diffing against it lists what a new entry has. */
const emptyLike = (snapshot: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(snapshot).map(([k, v]) => [k, Array.isArray(v) ? [] : null]));

/** A revision `p` that put its content in public: an approval, or the baseline of an entry that was public. */
export const PUBLISHED_STEP = sql`(p.action IN ('approve', 'publish_trusted') OR (p.action = 'import' AND p.state IN ('published', 'archived')))`;

/** A revision row with its diffs already worked out, by the write that made it (entry-edits.ts proposeIn). */
export type RevisionWithDiffs = RevisionRow & { readonly knownDiffs?: RevisionDiffs };
export const withDiffs = (row: RevisionRow, diffs: RevisionDiffs): RevisionWithDiffs => ({ ...row, knownDiffs: diffs });

export interface RevisionDiffs {
  /** Against the entry's published state as it stood when the revision was written (empty if never published). */
  review: FieldChange[];
  /** Against the revision it was based on: what this step changed. */
  step: FieldChange[];
  /** Whether `review` is against a published state; if not, against the empty state of an entry never published. */
  againstPublished: boolean;
}

/**
 * Both diffs of each revision, readable, in two statements whatever the number of revisions: the published
 * snapshot each was written against (the last approval, or a baseline of a public entry, before it), then the
 * labels of every entry they reference.
 */
export async function revisionDiffs(db: Pick<Db, 'execute'>, rows: readonly RevisionRow[]): Promise<Map<number, RevisionDiffs>> {
  const out = new Map<number, RevisionDiffs>();
  if (!rows.length) return out;
  const ids = rows.map((r) => r.id);
  const published = await db.execute<{ id: number; base: Record<string, unknown> | null; prior: Record<string, unknown> | null }>(
    sql`SELECT r.id,
          (SELECT p.snapshot FROM revisions p
            WHERE p.entry_type = r.entry_type AND p.entry_id = r.entry_id AND p.id < r.id
              AND ${PUBLISHED_STEP}
            ORDER BY p.id DESC LIMIT 1) AS base,
          (SELECT b.snapshot FROM revisions b WHERE b.id = r.base_revision_id) AS prior
        FROM revisions r WHERE r.id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
    'objects',
  );
  const bases = new Map([...published].map((p) => [Number(p.id), p]));
  const labels = await loadLabels(
    db,
    rows.map((r) => ({
      spec: entrySpecs[r.entryType],
      snapshots: [r.snapshot, bases.get(r.id)?.base ?? null, bases.get(r.id)?.prior ?? null],
    })),
  );
  for (const r of rows) {
    const facts = bases.get(r.id);
    out.set(r.id, diffsOf(entrySpecs[r.entryType], r.snapshot, facts?.base ?? null, facts?.prior ?? null, labels));
  }
  return out;
}

/**
 * Both diffs of one revision's `snapshot`, from the published snapshot it was written against and the one it was
 * based on (`prior`), with `labels` holding every entry the three name. No I/O: a write that read these already
 * (proposal-facts.ts) answers with its diffs at no further cost.
 */
export function diffsOf(
  spec: EntrySpec,
  snapshot: Record<string, unknown>,
  published: Record<string, unknown> | null,
  prior: Record<string, unknown> | null,
  labels: Labels,
): RevisionDiffs {
  const after = readable(spec, snapshot, labels);
  return {
    review: diffSnapshots(published ? readable(spec, published, labels) : emptyLike(after), after),
    step: diffSnapshots(prior ? readable(spec, prior, labels) : emptyLike(after), after),
    againstPublished: Boolean(published),
  };
}

/**
 * The change awaiting review on an entry: its current revision, diffed against the published state (or the
 * empty state, if it was never published). Null for an entry with no revision yet. For hosts and the entry's
 * maintainers, as its history is; anyone else gets the refusal a missing entry gets, audited.
 */
export async function diffForReview(
  o: AccessContext & { type: EntryType; entryId: number },
): Promise<{ revision: RevisionRow; diff: FieldChange[]; againstPublished: boolean } | null> {
  await assertCanReadHistory(o, o.type, o.entryId);
  const head = await headRevision(o.db, o.type, o.entryId);
  if (!head) return null;
  const diffs = (await revisionDiffs(o.db, [head])).get(head.id)!;
  return { revision: head, diff: diffs.review, againstPublished: diffs.againstPublished };
}
