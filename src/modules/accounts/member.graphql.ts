// Members in the API: who you are (me), and inviting and removing members of an organisation.
import { memberRoles } from '../../../schema/editorial.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../graphql/builder.ts';
import { loadActor } from '../access/actor.ts';
import { mutationErrors, serviceContext } from '../../graphql/resolver-helpers.ts';
import { listMembers } from './listings.ts';
import { inviteMember, removeMember, type MembershipResult } from './members.ts';
import { TokenScopeEnum } from './token.graphql.ts';

export const MemberRoleEnum = builder.enumType('MemberRole', {
  description: 'Hosts have ADMIN, EDITOR and REVIEWER; partner organisations have PARTNER_ADMIN and CONTRIBUTOR.',
  values: Object.fromEntries(memberRoles.map((v) => [v.toUpperCase(), { value: v }])) as Record<
    string,
    { value: (typeof memberRoles)[number] }
  >,
});
const Membership = builder.objectRef<MembershipResult>('Membership').implement({
  fields: (t) => ({ email: t.exposeString('email'), role: t.field({ type: MemberRoleEnum, resolve: (m) => m.role }) }),
});

const Me = builder
  .objectRef<{ accountId: number; organisationId: number; role: string; isHost: boolean; scopes: string[] }>('Me')
  .implement({
    description: 'The caller: the account and organisation behind the token, and what it may do.',
    fields: (t) => ({
      organisationId: t.field({ type: 'ID', resolve: (m) => encodeGlobalID('Organisation', m.organisationId) }),
      // never: Me types its role and scopes as plain strings, though they come from the member-role and token-scope vocabularies.
      role: t.field({ type: MemberRoleEnum, resolve: (m) => m.role as never }),
      isHost: t.exposeBoolean('isHost'),
      // never: as `role` above.
      scopes: t.field({ type: [TokenScopeEnum], resolve: (m) => m.scopes as never }),
    }),
  });

builder.queryField('me', (t) =>
  t.field({
    type: Me,
    nullable: true,
    resolve: async (_r, _a, ctx) => {
      const actor = await loadActor(ctx.db, ctx.viewer, 'carried');
      return actor && { ...actor, scopes: [...actor.scopes] };
    },
  }),
);

builder.mutationFields((t) => ({
  inviteMember: t.field({
    type: Membership,
    errors: mutationErrors,
    description: 'Give an account (created if new) a role in an organisation. Replaces any role it held there.',
    args: {
      organisation: t.arg.string({ required: true }),
      email: t.arg.string({ required: true }),
      role: t.arg({ type: MemberRoleEnum, required: true }),
      displayName: t.arg.string(),
    },
    resolve: (_r, a, ctx) =>
      inviteMember({ ...serviceContext(ctx), organisation: a.organisation, email: a.email, role: a.role, displayName: a.displayName }),
  }),
  removeMember: t.field({
    type: Membership,
    errors: mutationErrors,
    description: 'End a membership and revoke its tokens. History keeps the membership.',
    args: { organisation: t.arg.string({ required: true }), email: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => removeMember({ ...serviceContext(ctx), organisation: a.organisation, email: a.email }),
  }),
}));

builder.queryField('members', (t) =>
  t.field({
    type: [Membership],
    description: 'The current members of an organisation, for those who manage its members.',
    args: { organisation: t.arg.string({ required: true, description: 'Organisation slug.' }) },
    resolve: (_r, a, ctx) => listMembers({ ...serviceContext(ctx), organisation: a.organisation }),
  }),
);
