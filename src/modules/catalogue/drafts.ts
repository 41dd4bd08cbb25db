// A draft may lack a field its published form always has (events_complete_unless_draft and kin): reading it says so.
import { AppError } from '../../errors.ts';

/**
 * The value of a field that is never null once an entry is submitted or public. Only a draft's editors can
 * read a draft, so only they meet this error, which names the field rather than breaking the schema's promise.
 */
export function filledIn<T>(value: T | null, typename: string, field: string): T {
  if (value !== null && value !== undefined) return value;
  throw new AppError('INCOMPLETE_DRAFT', `This ${typename} is a draft with no ${field} yet: it is set before the draft is submitted.`, [], {
    field,
  });
}
