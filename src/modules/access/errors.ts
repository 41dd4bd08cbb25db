// Expected failures of editorial writes, returned as typed results (Pothos errors plugin), never as 500s.
import type { ZodError } from 'zod';
import { AppError, type FieldError } from '../../errors.ts';

export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(readonly fieldErrors: FieldError[]) {
    super(`Invalid input: ${fieldErrors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  }
}

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  /**
   * Set when the caller may not even see the thing refused (another organisation's draft): the refusal is
   * audited as such, then answered with this, word for word what a missing id gets, so ids cannot be probed.
   */
  constructor(
    message: string,
    readonly hiddenAs?: NotFoundError,
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The entry moved on (or is in another state) since the caller looked: here is where it stands now (a revision row). */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly currentRevision: unknown,
  ) {
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
