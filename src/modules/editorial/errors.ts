// Expected failures of editorial writes, returned as typed results (Pothos errors plugin), never as 500s.
import type { ZodError } from 'zod';
import { AppError, type FieldError } from '../../errors.ts';
import type { RevisionRow } from './revision-store.ts';

export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(readonly fieldErrors: FieldError[]) {
    super(`Invalid input: ${fieldErrors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The entry moved on (or is in another state) since the caller looked: here is where it stands now. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(message: string, readonly currentRevision: RevisionRow | null) {
    super(message);
  }
}

export const editorialErrors = [InvalidInputError, ForbiddenError, NotFoundError, ConflictError];

/** zod issues as field errors under a prefix, e.g. ["input", "slug"]. */
export function fieldErrorsFrom(error: ZodError, prefix: string[], rename: Record<string, string> = {}): FieldError[] {
  return error.issues.map((issue) => {
    const [head, ...rest] = issue.path.map(String);
    const path = head === undefined ? prefix : [...prefix, rename[head] ?? head, ...rest];
    return { path, message: issue.message };
  });
}

/** Queries have no result unions: their bad input travels as an INVALID_INPUT GraphQL error instead. */
export function forQuery<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof InvalidInputError) throw new AppError('INVALID_INPUT', err.message, err.fieldErrors);
    throw err;
  }
}
