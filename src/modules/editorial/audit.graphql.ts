// The audit log in the API, for host admins.
import type { auditLog } from '../../../schema/editorial.ts';
import { invalidInput } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import { MAX_PAGE_SIZE } from '../../graphql/page-size.ts';
import { listAuditEvents } from './audit-log.ts';
import { serviceContext } from '../../graphql/resolver-helpers.ts';

const AuditEvent = builder.objectRef<typeof auditLog.$inferSelect>('AuditEvent').implement({
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (e) => String(e.id) }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    action: t.exposeString('action'),
    outcome: t.exposeString('outcome'),
    actorAccountId: t.exposeInt('actorAccountId', { nullable: true }),
    actorOrganisationId: t.exposeInt('actorOrganisationId', { nullable: true }),
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
