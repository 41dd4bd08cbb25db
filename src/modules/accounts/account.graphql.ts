// Members, tokens, the secretariat and the audit log in the API: who you are, and who may do what.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { memberRoles, tokenScopeValues, type auditLog } from '../../../schema/editorial.ts';
import { invalidInput } from '../../errors.ts';
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { loadActor } from '../editorial/actor.ts';
import { listAuditEvents } from '../editorial/audit-log.ts';
import { editorialErrors, InvalidInputError } from '../editorial/errors.ts';
import { parseEntryId } from '../editorial/ids.ts';
import { setMaintainer } from '../editorial/maintainers.ts';
import type { IssuedToken } from './account-store.ts';
import { approveHost, proposeHost, type Approval } from './hosts.ts';
import { inviteMember, removeMember, type MembershipResult } from './members.ts';
import { createToken, revokeToken } from './token-service.ts';

const MemberRoleEnum = builder.enumType('MemberRole', {
  description: 'Hosts have ADMIN, EDITOR and REVIEWER; partner organisations have PARTNER_ADMIN and CONTRIBUTOR.',
  values: Object.fromEntries(memberRoles.map((v) => [v.toUpperCase(), { value: v }])) as Record<string, { value: (typeof memberRoles)[number] }>,
});
const TokenScopeEnum = builder.enumType('TokenScope', {
  values: Object.fromEntries(tokenScopeValues.map((v) => [v.toUpperCase(), { value: v }])) as Record<string, { value: (typeof tokenScopeValues)[number] }>,
});

const errors = { types: editorialErrors, directResult: true } as const;
const ctxOf = (ctx: GraphQLContext) => ({ db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId });
const rawId = (path: string, typename: string, value: string | number) => {
  try {
    const d = decodeGlobalID(String(value));
    if (d.typename === typename && Number.isSafeInteger(Number(d.id))) return Number(d.id);
  } catch {}
  throw new InvalidInputError([{ path: [path], message: `is not a ${typename} id` }]);
};

const Membership = builder.objectRef<MembershipResult>('Membership').implement({
  fields: (t) => ({ email: t.exposeString('email'), role: t.field({ type: MemberRoleEnum, resolve: (m) => m.role }) }),
});

const IssuedTokenRef = builder.objectRef<IssuedToken>('IssuedToken').implement({
  description: 'A new token. `token` is shown this once: only its hash is kept.',
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (x) => encodeGlobalID('ApiToken', x.id) }),
    token: t.exposeString('token'),
    displayPrefix: t.exposeString('displayPrefix'),
    expiresAt: t.field({ type: 'DateTime', resolve: (x) => x.expiresAt }),
    scopes: t.field({ type: [TokenScopeEnum], resolve: (x) => x.scopes }),
  }),
});

const RevokedToken = builder.objectRef<{ id: number; displayPrefix: string; revokedAt: string | null }>('RevokedToken').implement({
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (x) => encodeGlobalID('ApiToken', x.id) }),
    displayPrefix: t.exposeString('displayPrefix'),
    revokedAt: t.field({ type: 'DateTime', resolve: (x) => x.revokedAt! }),
  }),
});

const HostApproval = builder.objectRef<Approval & { firstAdminToken?: IssuedToken | null }>('HostApproval').implement({
  description: 'A proposal to add a host, waiting for (or given) the consent of an admin of another host.',
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (a) => encodeGlobalID('HostApproval', a.id) }),
    outcome: t.exposeString('outcome', { nullable: true }),
    firstAdminToken: t.field({
      type: IssuedTokenRef, nullable: true,
      description: 'On approval only, once: the new host’s first admin’s token, for the approver to hand over.',
      resolve: (a) => a.firstAdminToken ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (a) => a.createdAt }),
  }),
});

const MaintainersRef = builder.objectRef<{ organisationIds: number[] }>('Maintainers').implement({
  fields: (t) => ({ organisationIds: t.field({ type: ['ID'], resolve: (m) => m.organisationIds.map((id) => encodeGlobalID('Organisation', id)) }) }),
});

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

const Me = builder.objectRef<{ accountId: number; organisationId: number; role: string; isHost: boolean; scopes: string[] }>('Me').implement({
  description: 'The caller: the account and organisation behind the token, and what it may do.',
  fields: (t) => ({
    organisationId: t.field({ type: 'ID', resolve: (m) => encodeGlobalID('Organisation', m.organisationId) }),
    role: t.field({ type: MemberRoleEnum, resolve: (m) => m.role as never }),
    isHost: t.exposeBoolean('isHost'),
    scopes: t.field({ type: [TokenScopeEnum], resolve: (m) => m.scopes as never }),
  }),
});

const CreateTokenInput = builder.inputType('CreateTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'What the token is for, e.g. "CMS sync".' }),
    scopes: t.field({ type: [TokenScopeEnum], required: true }),
    expiresInDays: t.int({ description: '1 to 366; 90 by default.' }),
    email: t.string({ description: 'A member to issue it to; yourself by default.' }),
    organisation: t.string({ description: 'Slug of the organisation it acts for; your token’s by default.' }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: Me,
    nullable: true,
    resolve: async (_r, _a, ctx) => {
      const actor = await loadActor(ctx.db, ctx.viewer);
      return actor && { ...actor, scopes: [...actor.scopes] };
    },
  }),
  auditLog: t.field({
    type: [AuditEvent],
    description: 'The append-only audit log, newest first. Host admins only.',
    args: { first: t.arg.int({ defaultValue: 50 }), beforeId: t.arg.id() },
    resolve: (_r, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 1 || first > 100) throw invalidInput(['first'], 'must be from 1 to 100');
      const beforeId = args.beforeId == null ? null : Number(args.beforeId);
      if (beforeId !== null && !Number.isSafeInteger(beforeId)) throw invalidInput(['beforeId'], 'must be the id of an audit event');
      return listAuditEvents({ ...ctxOf(ctx), first, beforeId });
    },
  }),
}));

builder.mutationFields((t) => ({
  inviteMember: t.field({
    type: Membership, errors,
    description: 'Give an account (created if new) a role in an organisation. Replaces any role it held there.',
    args: { organisation: t.arg.string({ required: true }), email: t.arg.string({ required: true }), role: t.arg({ type: MemberRoleEnum, required: true }), displayName: t.arg.string() },
    resolve: (_r, a, ctx) => inviteMember({ ...ctxOf(ctx), organisation: a.organisation, email: a.email, role: a.role, displayName: a.displayName }),
  }),
  removeMember: t.field({
    type: Membership, errors,
    description: 'End a membership and revoke its tokens. History keeps the membership.',
    args: { organisation: t.arg.string({ required: true }), email: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => removeMember({ ...ctxOf(ctx), organisation: a.organisation, email: a.email }),
  }),
  createToken: t.field({
    type: IssuedTokenRef, errors,
    args: { input: t.arg({ type: CreateTokenInput, required: true }) },
    resolve: (_r, { input }, ctx) => createToken({ ...ctxOf(ctx), name: input.name, scopes: input.scopes, expiresInDays: input.expiresInDays, email: input.email, organisation: input.organisation }),
  }),
  revokeToken: t.field({
    type: RevokedToken, errors,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => revokeToken({ ...ctxOf(ctx), tokenId: rawId('id', 'ApiToken', a.id) }),
  }),
  proposeHost: t.field({
    type: HostApproval, errors,
    description: 'Propose an organisation as a host, naming its first admin. An admin of another host must approve.',
    args: { organisation: t.arg.string({ required: true }), firstAdminEmail: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => proposeHost({ ...ctxOf(ctx), organisation: a.organisation, firstAdminEmail: a.firstAdminEmail }),
  }),
  approveHost: t.field({
    type: HostApproval, errors,
    args: { approvalId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => approveHost({ ...ctxOf(ctx), approvalId: rawId('approvalId', 'HostApproval', a.approvalId) }),
  }),
  setMaintainer: t.field({
    type: MaintainersRef, errors,
    description: 'Add (or, with maintains: false, remove) an organisation as a maintainer of an entry.',
    args: { id: t.arg.id({ required: true }), organisation: t.arg.string({ required: true }), maintains: t.arg.boolean({ defaultValue: true }) },
    resolve: async (_r, a, ctx) => {
      const { spec, id } = parseEntryId('id', String(a.id));
      return { organisationIds: await setMaintainer({ ...ctxOf(ctx), type: spec.type, entryId: id, organisation: a.organisation, maintains: a.maintains ?? true }) };
    },
  }),
}));
