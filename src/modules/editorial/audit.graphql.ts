// The audit log in the API, for host admins.
import { invalidInput } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { MAX_PAGE_SIZE } from '../../graphql/page-size.ts';
import { listAuditEvents, type AuditEventRow } from './audit-log.ts';
import { serviceContext } from '../../graphql/resolver-helpers.ts';

const AuditActorOrganisation = builder.objectRef<{ slug: string; name: string }>('AuditActorOrganisation').implement({
  description: 'The organisation an actor acted for.',
  fields: (t) => ({ slug: t.exposeString('slug'), name: t.exposeString('name') }),
});

const AuditEvent = builder.objectRef<AuditEventRow>('AuditEvent').implement({
  description: 'One audited action: who did it (by email), for which organisation, on what, and how it ended.',
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (e) => String(e.id) }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    action: t.exposeString('action'),
    outcome: t.exposeString('outcome'),
    actorEmail: t.exposeString('actorEmail', { nullable: true, description: 'The acting account’s email; null for the system.' }),
    actorOrganisation: t.field({
      type: AuditActorOrganisation,
      nullable: true,
      description: 'The organisation the actor acted for.',
      resolve: (e) => e.actorOrganisation,
    }),
    actorAccountId: t.exposeInt('actorAccountId', { nullable: true, description: 'Internal account number; prefer actorEmail.' }),
    actorOrganisationId: t.exposeInt('actorOrganisationId', { nullable: true, description: 'Internal number; prefer actorOrganisation.' }),
    tokenId: t.exposeInt('tokenId', { nullable: true }),
    entryType: t.exposeString('entryType', { nullable: true }),
    entryId: t.exposeInt('entryId', { nullable: true }),
    details: t.field({ type: 'JSON', resolve: (e) => e.details }),
    requestId: t.exposeString('requestId', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  auditLog: t.field({
    type: [AuditEvent],
    description: 'The append-only audit log, newest first. Host admins only.',
    args: { first: t.arg.int({ defaultValue: 50 }), beforeId: t.arg.id() },
    resolve: (_r, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 1 || first > MAX_PAGE_SIZE) throw invalidInput(['first'], `must be from 1 to ${MAX_PAGE_SIZE}`);
      const beforeId = args.beforeId == null ? null : Number(args.beforeId);
      if (beforeId !== null && !Number.isSafeInteger(beforeId)) throw invalidInput(['beforeId'], 'must be the id of an audit event');
      return listAuditEvents({ ...serviceContext(ctx), first, beforeId });
    },
  }),
}));
