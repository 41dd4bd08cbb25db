// What editorial resolvers share: the typed error results, the service context, global id decoding.
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLContext } from '../../graphql/context.ts';
import { editorialErrors, InvalidInputError } from './errors.ts';
import type { EditorialContext } from './transaction.ts';

/** Every editorial mutation returns its result or one of the error types directly in a union. */
export const mutationErrors = { types: editorialErrors, directResult: true } as const;

export const serviceContext = (ctx: GraphQLContext): EditorialContext => ({ db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId });

/** The database id inside a global id of the given type, or a field error naming the argument. */
export function rawId(path: string, typename: string, value: string | number): number {
  try {
    const d = decodeGlobalID(String(value));
    if (d.typename === typename && Number.isSafeInteger(Number(d.id))) return Number(d.id);
  } catch {
    // Not base64 or not a global id: reported below like any other wrong id.
  }
  throw new InvalidInputError([{ path: [path], message: `is not a ${typename} id` }]);
}
