// What mutation resolvers share: the typed error results and the services' context.
import type { GraphQLContext } from './context.ts';
import { editorialErrors } from '../modules/access/errors.ts';
import type { AccessContext } from '../modules/access/transaction.ts';

/** Every editorial mutation returns its result or one of the error types directly in a union. */
export const mutationErrors = { types: editorialErrors, directResult: true } as const;

export const serviceContext = (ctx: GraphQLContext): AccessContext => ({ db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId });
