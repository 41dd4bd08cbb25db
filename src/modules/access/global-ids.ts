// The one codec for Relay global ids that callers send back: `Type:id` in base64, ids positive integers.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { InvalidInputError } from './errors.ts';

/** The type name and database id inside a global id, or null for anything else (not base64, not ours, id not a positive integer). */
export function decodeId(value: string): { typename: string; id: number } | null {
  try {
    const { typename, id } = decodeGlobalID(value);
    const n = Number(id);
    return Number.isSafeInteger(n) && n > 0 ? { typename, id: n } : null;
  } catch {
    return null;
  }
}

/** The database id inside a global id of the given type, or a field error naming the argument (`path`). */
export function idOf(path: string, typename: string, value: string | number): number {
  const decoded = decodeId(String(value));
  if (decoded?.typename === typename) return decoded.id;
  throw new InvalidInputError([{ path: [path], message: `is not a ${typename} id` }]);
}
