// The secretariat in the API: proposing a host, and its approval by an admin of another host.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../graphql/builder.ts';
import { mutationErrors, serviceContext } from '../../graphql/resolver-helpers.ts';
import { idOf } from '../access/global-ids.ts';
import type { IssuedToken } from './account-store.ts';
import { approveHost, declineHost, proposeHost, type Approval } from './hosts.ts';
import { IssuedTokenRef } from './token.graphql.ts';

const HostApproval = builder.objectRef<Approval & { firstAdminToken?: IssuedToken | null }>('HostApproval').implement({
  description: 'A proposal to add a host, waiting for (or given) the consent of a second host admin.',
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (a) => encodeGlobalID('HostApproval', a.id) }),
    outcome: t.exposeString('outcome', { nullable: true }),
    firstAdminToken: t.field({
      type: IssuedTokenRef,
      nullable: true,
      description: 'On approval only, once: the new host’s first admin’s token, for the approver to hand over.',
      resolve: (a) => a.firstAdminToken ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (a) => a.createdAt }),
  }),
});

builder.mutationFields((t) => ({
  proposeHost: t.field({
    type: HostApproval,
    errors: mutationErrors,
    description:
      'Propose an organisation as a host, naming its first admin. A second admin must approve: one of another host, or, while the secretariat has a single host, another admin of that host.',
    args: { organisation: t.arg.string({ required: true }), firstAdminEmail: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => proposeHost({ ...serviceContext(ctx), organisation: a.organisation, firstAdminEmail: a.firstAdminEmail }),
  }),
  approveHost: t.field({
    type: HostApproval,
    errors: mutationErrors,
    description: 'Approve a proposed host. Not by its proposer; by an admin of another host, or of the sole host while there is only one.',
    args: { approvalId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => approveHost({ ...serviceContext(ctx), approvalId: idOf('approvalId', 'HostApproval', a.approvalId) }),
  }),
  declineHost: t.field({
    type: HostApproval,
    errors: mutationErrors,
    description: 'Turn down a proposed host. One host admin suffices.',
    args: { approvalId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => declineHost({ ...serviceContext(ctx), approvalId: idOf('approvalId', 'HostApproval', a.approvalId) }),
  }),
}));
