// Decoding the global ids that editorial mutations receive, with field errors that name the argument.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { InvalidInputError } from './errors.ts';
import { specByTypename, type EntrySpec } from './entry-specs.ts';

function decode(path: string, value: string): { typename: string; id: number } | null {
  try {
    const { typename, id } = decodeGlobalID(value);
    const n = Number(id);
    return Number.isSafeInteger(n) && n > 0 ? { typename, id: n } : null;
  } catch {
    return null;
  }
}

export function parseEntryId(path: string, value: string): { spec: EntrySpec; id: number } {
  const decoded = decode(path, value);
  const spec = decoded && specByTypename(decoded.typename);
  if (!decoded || !spec) throw new InvalidInputError([{ path: [path], message: 'is not the id of an organisation, case study, method, event, event series or topic' }]);
  return { spec, id: decoded.id };
}

export function parseRevisionId(path: string, value: string | null | undefined): number | null {
  if (value == null) return null;
  const decoded = decode(path, value);
  if (!decoded || decoded.typename !== 'Revision') throw new InvalidInputError([{ path: [path], message: 'is not a revision id' }]);
  return decoded.id;
}
