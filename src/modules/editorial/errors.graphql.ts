// GraphQL shapes of the editorial errors, all sharing the MutationError interface.
import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import { Revision } from './revision.graphql.ts';
import type { RevisionRow } from './revision-store.ts';

const MutationError = builder.interfaceRef<Error>('MutationError').implement({
  description: 'Why a write was refused. Every error result of a mutation implements it.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldError = builder.objectRef<{ path: string[]; message: string }>('FieldError').implement({
  description: 'One bad input field: where it is and what is wrong with it.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field in the arguments, e.g. ["input", "slug"].' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInput',
  interfaces: [MutationError],
  description: 'The input broke one or more rules; nothing was written.',
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldError], resolve: (e) => e.fieldErrors }) }),
});

builder.objectType(ForbiddenError, {
  name: 'Forbidden',
  interfaces: [MutationError],
  description: 'Your role, organisation or token scopes do not allow this; the refusal is recorded in the audit log.',
});

builder.objectType(NotFoundError, { name: 'NotFound', interfaces: [MutationError], description: 'Nothing has that id.' });

builder.objectType(ConflictError, {
  name: 'Conflict',
  interfaces: [MutationError],
  description: 'The entry changed since you read it, or is not in a state that allows this. Nothing was written.',
  fields: (t) => ({
    currentRevision: t.field({
      type: Revision,
      nullable: true,
      description: 'Where the entry stands now: base a retry on it.',
      resolve: (e) => e.currentRevision as RevisionRow | null,
    }),
  }),
});
