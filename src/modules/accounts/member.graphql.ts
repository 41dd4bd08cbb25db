// Members in the API: who you are (me, with your email and organisations), and inviting and removing members of an organisation.
import { memberRoles } from '../../../schema/editorial.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../graphql/builder.ts';
import { mutationErrors, serviceContext } from '../../graphql/resolver-helpers.ts';
import { listMembers } from './listings.ts';
import { describeMe, type Me, type MyOrganisation } from './me.ts';
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

const MyOrganisationRef = builder.objectRef<MyOrganisation>('MyOrganisation').implement({
  description: 'An organisation the caller belongs to, and their role there.',
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (m) => encodeGlobalID('Organisation', m.id) }),
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    role: t.field({ type: MemberRoleEnum, resolve: (m) => m.role }),
    isHost: t.exposeBoolean('isHost'),
  }),
});

const MeRef = builder.objectRef<Me>('Me').implement({
  description: 'The caller: the account and organisation behind the token, and what it may do.',
  fields: (t) => ({
    email: t.exposeString('email', { description: 'The account’s email address.' }),
    organisationId: t.field({
      type: 'ID',
      description: 'The organisation the token acts for.',
      resolve: (m) => encodeGlobalID('Organisation', m.organisationId),
    }),
    role: t.field({ type: MemberRoleEnum, description: 'The role in the token’s organisation.', resolve: (m) => m.role }),
    isHost: t.exposeBoolean('isHost'),
    scopes: t.field({ type: [TokenScopeEnum], resolve: (m) => [...m.scopes] }),
    organisations: t.field({
      type: [MyOrganisationRef],
      description: 'Every organisation the account belongs to now, with its role: the token’s organisation first, then A to Z.',
      resolve: (m) => m.organisations,
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: MeRef,
    nullable: true,
    resolve: (_r, _a, ctx) => describeMe(serviceContext(ctx)),
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
