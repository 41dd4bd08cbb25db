// The global ids editorial mutations receive: an entry of any type, or a revision.
import { decodeId, idOf } from '../access/global-ids.ts';
import { InvalidInputError } from '../access/errors.ts';
import { specByTypename, type EntrySpec } from './entry-specs.ts';

export function parseEntryId(path: string, value: string): { spec: EntrySpec; id: number } {
  const decoded = decodeId(value);
  const spec = decoded && specByTypename(decoded.typename);
  if (!decoded || !spec)
    throw new InvalidInputError([
      { path: [path], message: 'is not the id of an organisation, case study, method, event, event series or topic' },
    ]);
  return { spec, id: decoded.id };
}

export function parseRevisionId(path: string, value: string | null | undefined): number | null {
  return value == null ? null : idOf(path, 'Revision', value);
}
