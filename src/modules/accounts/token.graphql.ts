// Tokens in the API: issuing one (shown once) and revoking one.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { tokenScopeValues } from '../../../schema/editorial.ts';
import { builder } from '../../graphql/builder.ts';
import { mutationErrors, serviceContext } from '../../graphql/resolver-helpers.ts';
import { idOf } from '../access/global-ids.ts';
import type { IssuedToken } from './account-store.ts';
import { listTokens } from './listings.ts';
import { createToken, revokeToken } from './token-service.ts';

export const TokenScopeEnum = builder.enumType('TokenScope', {
  values: Object.fromEntries(tokenScopeValues.map((v) => [v.toUpperCase(), { value: v }])) as Record<
    string,
    { value: (typeof tokenScopeValues)[number] }
  >,
});

export const IssuedTokenRef = builder.objectRef<IssuedToken>('IssuedToken').implement({
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

const CreateTokenInput = builder.inputType('CreateTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'What the token is for, e.g. "CMS sync".' }),
    scopes: t.field({ type: [TokenScopeEnum], required: true }),
    expiresInDays: t.int({ description: '1 to 366; 90 by default.' }),
    email: t.string({ description: 'A member to issue it to; yourself by default.' }),
    organisation: t.string({ description: 'Slug of the organisation it acts for; your token’s by default.' }),
  }),
});

builder.mutationFields((t) => ({
  createToken: t.field({
    type: IssuedTokenRef,
    errors: mutationErrors,
    args: { input: t.arg({ type: CreateTokenInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      createToken({
        ...serviceContext(ctx),
        name: input.name,
        scopes: input.scopes,
        expiresInDays: input.expiresInDays,
        email: input.email,
        organisation: input.organisation,
      }),
  }),
  revokeToken: t.field({
    type: RevokedToken,
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => revokeToken({ ...serviceContext(ctx), tokenId: idOf('id', 'ApiToken', a.id) }),
  }),
}));

type TokenListing = Awaited<ReturnType<typeof listTokens>>[number];

const ApiToken = builder.objectRef<TokenListing>('ApiToken').implement({
  description: 'A token as its organisation’s admins see it: never the secret, which is not kept.',
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (x) => encodeGlobalID('ApiToken', x.id) }),
    name: t.exposeString('name'),
    displayPrefix: t.exposeString('displayPrefix'),
    holderEmail: t.exposeString('email'),
    // never: stored as text[]; the column's check constraint, not its type, keeps them to TokenScope values.
    scopes: t.field({ type: [TokenScopeEnum], resolve: (x) => x.scopes as never }),
    createdAt: t.field({ type: 'DateTime', resolve: (x) => x.createdAt }),
    expiresAt: t.field({ type: 'DateTime', resolve: (x) => x.expiresAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (x) => x.revokedAt }),
  }),
});

builder.queryField('tokens', (t) =>
  t.field({
    type: [ApiToken],
    description: 'The tokens of an organisation, newest first, for those who manage its members.',
    args: { organisation: t.arg.string({ required: true, description: 'Organisation slug.' }) },
    resolve: (_r, a, ctx) => listTokens({ ...serviceContext(ctx), organisation: a.organisation }),
  }),
);
