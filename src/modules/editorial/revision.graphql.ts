// The Revision type, with its diff, and the history and review-queue queries.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, sql } from 'drizzle-orm';
import { entryTypes, revisionActions, revisions, type FieldChange } from '../../../schema/editorial.ts';
import { AppError } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { plannedRow, plannedRows } from '../../graphql/planned-rows.ts';
import { PublicationStateEnum } from '../catalogue/enums.graphql.ts';
import { visibleWhere } from '../catalogue/visibility.ts';
import { entrySpecs } from './entry-specs.ts';
import { assertCanReadHistory, assertCanSeeReviewQueue, mayReadHistoryOrAudit } from './history.ts';
import { forQuery } from '../access/errors.ts';
import { parseEntryId, parseRevisionId } from './ids.ts';
import { revisionDiffs, type RevisionDiffs, type RevisionWithDiffs } from './review-diff.ts';
import type { RevisionRow } from './revision-store.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import './json.graphql.ts';

/**
 * The diffs of the revisions one response shows, loaded together: the fields of a page's revisions resolve in
 * one pass, so their diffs are gathered until it ends and then read in two statements (`revisionDiffs`).
 */
const diffBatches = new WeakMap<object, (row: RevisionRow) => Promise<RevisionDiffs>>();
function diffsOf(ctx: GraphQLContext, row: RevisionWithDiffs): Promise<RevisionDiffs> {
  // A write's own result comes with its diffs, worked out from what the write read.
  if (row.knownDiffs) return Promise.resolve(row.knownDiffs);
  let load = diffBatches.get(ctx);
  if (!load) {
    const known = new Map<number, Promise<RevisionDiffs>>();
    let waiting: { row: RevisionRow; settle: (m: Promise<Map<number, RevisionDiffs>>) => void }[] = [];
    load = (r) => {
      let hit = known.get(r.id);
      if (!hit) {
        hit = new Promise<Map<number, RevisionDiffs>>((resolve) => {
          if (!waiting.length)
            setImmediate(() => {
              const batch = waiting;
              waiting = [];
              const loaded = revisionDiffs(
                ctx.db,
                batch.map((w) => w.row),
              );
              for (const w of batch) w.settle(loaded);
            });
          waiting.push({ row: r, settle: resolve });
        }).then((m) => m.get(r.id)!);
        known.set(r.id, hit);
      }
      return hit;
    };
    diffBatches.set(ctx, load);
  }
  return load(row);
}

const upperSnake = (v: string) => v.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

export const EntryTypeEnum = builder.enumType('EntryType', {
  description: 'The kinds of entry the directory keeps under editorial control.',
  values: Object.fromEntries(entryTypes.map((v) => [upperSnake(v), { value: v }])) as Record<
    string,
    { value: (typeof entryTypes)[number] }
  >,
});

export const RevisionActionEnum = builder.enumType('RevisionAction', {
  description: 'What a revision recorded. IMPORT is the baseline of an entry that existed before history was kept.',
  values: Object.fromEntries(revisionActions.map((v) => [v.toUpperCase(), { value: v }])) as Record<
    string,
    { value: (typeof revisionActions)[number] }
  >,
});

const FieldChangeRef = builder.objectRef<FieldChange>('FieldChange').implement({
  description:
    'One field that differs. References and links are named as the input names them (`topics`, `parent`, `organisations`...) and given as { slug, label } (with `role` where links carry one), never as ids.',
  fields: (t) => ({
    field: t.exposeString('field'),
    before: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.before }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.after }),
  }),
});

export const Account = builder.drizzleObject('accounts', {
  name: 'Account',
  description: 'A person who edits or reviews, through a membership of an organisation.',
  fields: (t) => ({
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName', { nullable: true }),
  }),
});

export const Revision = builder.drizzleNode('revisions', {
  name: 'Revision',
  description: 'An immutable step in an entry’s history: the full proposed content, what changed, who and why.',
  id: { column: (r) => r.id },
  // Every column is loaded with the type (no type-level select), so fields read the row directly. An
  // exposed column would make a write's own result, the row its insert returned, be fetched again.
  fields: (t) => ({
    entryType: t.field({ type: EntryTypeEnum, resolve: (r) => r.entryType }),
    entryId: t.field({ type: 'ID', resolve: (r) => encodeGlobalID(entrySpecs[r.entryType].typename, r.entryId) }),
    baseRevisionId: t.field({
      type: 'ID',
      nullable: true,
      description: 'The revision this one was based on.',
      resolve: (r) => (r.baseRevisionId ? encodeGlobalID('Revision', r.baseRevisionId) : null),
    }),
    action: t.field({ type: RevisionActionEnum, resolve: (r) => r.action }),
    state: t.field({ type: PublicationStateEnum, description: 'Where the proposal stood after this revision.', resolve: (r) => r.state }),
    snapshot: t.field({
      type: 'JSON',
      description: 'The full proposed content as stored; references are ids.',
      resolve: (r) => r.snapshot,
    }),
    diff: t.field({
      type: [FieldChangeRef],
      description:
        'What this revision proposes, field by field, against the entry’s published state as it stood when the revision was written (the empty state for an entry never published). On a submitted change (the review queue) it is exactly what approving would change.',
      resolve: async (r, _a, ctx) => (await diffsOf(ctx, r)).review,
    }),
    baseDiff: t.field({
      type: [FieldChangeRef],
      description: 'What this step changed from the revision it was based on (`baseRevisionId`); empty for a workflow move such as SUBMIT.',
      resolve: async (r, _a, ctx) => (await diffsOf(ctx, r)).step,
    }),
    message: t.string({ nullable: true, resolve: (r) => r.message }),
    reason: t.string({
      nullable: true,
      description: 'The reviewer’s reason, for CHANGES_REQUESTED and REJECTED.',
      resolve: (r) => r.reason,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
    author: t.relation('author', { type: Account, nullable: true }),
    authorOrganisation: t.relation('authorOrganisation', { nullable: true, query: (_a, ctx) => ({ where: visibleWhere(ctx) }) }),
  }),
});

type RevisionColumns = Pick<typeof revisions, 'id' | 'entryType' | 'entryId'>;
/** The head revision of its entry: no revision was based on it (base_revision_id is unique). */
const isHead = (r: RevisionColumns) => sql`NOT EXISTS (SELECT 1 FROM revisions n WHERE n.base_revision_id = ${r.id})`;
/** The head revision of an entry `organisationId` maintains. */
const maintainedHead = (r: RevisionColumns, organisationId: number) =>
  sql`${isHead(r)} AND EXISTS (SELECT 1 FROM entry_maintainers m WHERE m.entry_type = ${r.entryType} AND m.entry_id = ${r.entryId} AND m.organisation_id = ${organisationId})`;

builder.queryFields((t) => ({
  revision: t.drizzleField({
    type: Revision,
    nullable: true,
    description: 'One revision; null unless you are a host or your organisation maintains the entry.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = forQuery(() => parseRevisionId('id', String(args.id)));
      const row =
        id === null
          ? undefined
          : await plannedRow<typeof revisions.$inferSelect>(ctx.db.query.revisions.findFirst(query({ where: { id } })));
      if (!row || !(await mayReadHistoryOrAudit(ctx, row.entryType, row.entryId))) return null;
      return row;
    },
  }),
  revisions: t.drizzleConnection(
    {
      type: Revision,
      description: 'An entry’s history, newest first: the first is its current revision.',
      args: { entryId: t.arg.id({ required: true }) },
      // Runs only after `resolve` has checked the caller may read the history.
      totalCount: (_root, args, ctx) => {
        const { spec, id } = forQuery(() => parseEntryId('entryId', String(args.entryId)));
        return ctx.db.$count(revisions, and(eq(revisions.entryType, spec.type), eq(revisions.entryId, id)));
      },
      resolve: async (query, _root, args, ctx) => {
        const { spec, id } = forQuery(() => parseEntryId('entryId', String(args.entryId)));
        await assertCanReadHistory(ctx, spec.type, id);
        return plannedRows(
          ctx.db.query.revisions.findMany(query({ where: { entryType: spec.type, entryId: id }, orderBy: { id: 'desc' } })),
        );
      },
    },
    { name: 'RevisionConnection' },
    { name: 'RevisionEdge' },
  ),
  maintainedEntries: t.drizzleConnection(
    {
      type: Revision,
      description: 'Entries your organisation maintains, as their current revisions (drafts included), most recently changed first.',
      args: {
        state: t.arg({ type: PublicationStateEnum, required: false, description: 'Only entries whose current revision is in this state.' }),
      },
      totalCount: (_root, args, ctx) =>
        ctx.db.$count(
          revisions,
          and(args.state ? eq(revisions.state, args.state) : undefined, maintainedHead(revisions, ctx.viewer?.organisationId ?? 0)),
        ),
      resolve: async (query, _root, args, ctx) => {
        if (!ctx.viewer) throw new AppError('UNAUTHENTICATED', 'Sign in with an API token to see the entries your organisation maintains.');
        const org = ctx.viewer.organisationId;
        return plannedRows(
          ctx.db.query.revisions.findMany(
            query({
              where: {
                ...(args.state ? { state: args.state } : {}),
                RAW: (r) => maintainedHead(r, org),
              },
              orderBy: { id: 'desc' },
            }),
          ),
        );
      },
    },
    { name: 'MaintainedEntryConnection' },
    { name: 'MaintainedEntryEdge' },
  ),
  reviewQueue: t.drizzleConnection(
    {
      type: Revision,
      description:
        'Submitted changes awaiting review, oldest first, each with its diff against the published entry. For host reviewers and admins.',
      totalCount: (_root, _args, ctx) => ctx.db.$count(revisions, and(eq(revisions.state, 'submitted'), isHead(revisions))),
      resolve: async (query, _root, _args, ctx) => {
        await assertCanSeeReviewQueue(ctx);
        return plannedRows(
          ctx.db.query.revisions.findMany(
            query({
              where: { state: 'submitted', RAW: (r) => isHead(r) },
              orderBy: { id: 'asc' },
            }),
          ),
        );
      },
    },
    { name: 'ReviewQueueConnection' },
    { name: 'ReviewQueueEdge' },
  ),
}));
