// Editorial mutations: create and update per entry type, then the workflow (submit ... archive, revertTo).
import { builder } from '../../graphql/builder.ts';
import { PublicationStateEnum } from '../catalogue/enums.graphql.ts';
import { createEntry, revertToRevision, updateEntry, type EditResult } from './entry-edits.ts';
import { entryInputs } from './entry-inputs.graphql.ts';
import { entrySpecs } from './entry-specs.ts';
import { moveEntry, type WorkflowAction } from './entry-workflow.ts';
import { InvalidInputError } from '../access/errors.ts';
import { mutationErrors, serviceContext } from '../../graphql/resolver-helpers.ts';
import './errors.graphql.ts';
import { parseEntryId, parseRevisionId } from './ids.ts';
import { EntryTypeEnum, Revision } from './revision.graphql.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';

const EditResultRef = builder.objectRef<EditResult>('EditResult').implement({
  description: 'A write that succeeded: the revision it made and where the entry now stands publicly.',
  fields: (t) => ({
    revision: t.field({ type: Revision, resolve: (r) => r.revision }),
    entryId: t.field({ type: 'ID', resolve: (r) => encodeGlobalID(entrySpecs[r.entry.type].typename, r.entry.id) }),
    entryType: t.field({ type: EntryTypeEnum, resolve: (r) => r.entry.type }),
    slug: t.string({ resolve: (r) => r.entry.slug }),
    publicationState: t.field({
      type: PublicationStateEnum,
      description: 'The public state: a published entry stays PUBLISHED while an edit waits in review.',
      resolve: (r) => r.entry.publicationState,
    }),
  }),
});

const errors = mutationErrors;
const ctxOf = serviceContext;
const clean = (input: object) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

for (const spec of Object.values(entrySpecs)) {
  const input = entryInputs[spec.type];
  builder.mutationField(`create${spec.typename}`, (t) =>
    t.field({
      type: EditResultRef,
      errors,
      description: `Create a ${spec.typename} as a draft maintained by your organisation.`,
      args: { input: t.arg({ type: input, required: true }), message: t.arg.string() },
      resolve: (_root, args, ctx) =>
        createEntry({ ...ctxOf(ctx), type: spec.type, input: clean(args.input as object), message: args.message }),
    }),
  );
  builder.mutationField(`update${spec.typename}`, (t) =>
    t.field({
      type: EditResultRef,
      errors,
      description: `Propose changes to a ${spec.typename}. Send only the fields that change, and the revision you started from.`,
      args: {
        id: t.arg.id({ required: true }),
        baseRevisionId: t.arg.id({ description: 'The current revision you edited; null only for an entry with no revisions yet.' }),
        input: t.arg({ type: input, required: true }),
        message: t.arg.string(),
      },
      resolve: (_root, args, ctx) => {
        const target = parseEntryId('id', String(args.id));
        if (target.spec !== spec) throw new InvalidInputError([{ path: ['id'], message: `is not the id of a ${spec.typename}` }]);
        return updateEntry({
          ...ctxOf(ctx),
          type: spec.type,
          entryId: target.id,
          baseRevisionId: parseRevisionId('baseRevisionId', args.baseRevisionId as string | null),
          input: clean(args.input as object),
          message: args.message,
        });
      },
    }),
  );
}

const workflow: [string, WorkflowAction, string][] = [
  ['submit', 'submit', 'Send the current draft for review.'],
  ['withdraw', 'withdraw', 'Take a draft or submission out of review.'],
  ['approve', 'approve', 'Publish the submitted revision. Not your own change; a host’s change needs a reviewer from another host.'],
  ['requestChanges', 'request_changes', 'Send the submission back to its authors with a reason.'],
  ['reject', 'reject', 'Refuse the submission, with a reason.'],
  ['archive', 'archive', 'Withdraw an entry from the public directory. Nothing is deleted.'],
];

for (const [name, action, description] of workflow) {
  builder.mutationField(name, (t) =>
    t.field({
      type: EditResultRef,
      errors,
      description,
      args: {
        id: t.arg.id({ required: true, description: 'The entry.' }),
        baseRevisionId: t.arg.id({ description: 'The current revision you looked at; null only for an entry with no revisions yet.' }),
        message: t.arg.string(),
        ...(action === 'request_changes' || action === 'reject' ? { reason: t.arg.string({ required: true }) } : {}),
      },
      resolve: (_root, args, ctx) => {
        const target = parseEntryId('id', String(args.id));
        return moveEntry({
          ...ctxOf(ctx),
          notify: ctx.notify,
          action,
          type: target.spec.type,
          entryId: target.id,
          baseRevisionId: parseRevisionId('baseRevisionId', args.baseRevisionId as string | null),
          message: args.message,
          reason: (args as { reason?: string }).reason ?? null,
        });
      },
    }),
  );
}

builder.mutationField('revertTo', (t) =>
  t.field({
    type: EditResultRef,
    errors,
    description: 'Propose an earlier revision’s content again, as a new draft revision that goes through review.',
    args: { revisionId: t.arg.id({ required: true }), baseRevisionId: t.arg.id({ required: true }), message: t.arg.string() },
    resolve: (_root, args, ctx) =>
      revertToRevision({
        ...ctxOf(ctx),
        revisionId: parseRevisionId('revisionId', String(args.revisionId))!,
        baseRevisionId: parseRevisionId('baseRevisionId', String(args.baseRevisionId)),
        message: args.message,
      }),
  }),
);
