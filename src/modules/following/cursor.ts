// Change-feed cursors: opaque to clients, a change log position inside.
import { invalidInput } from '../../errors.ts';

/** The position before every change: where a follower without a snapshot starts. */
export const START = 0;

// Opaque so that clients compare and store cursors but never compute them: the encoding may change.
export const encodeCursor = (position: number): string => Buffer.from(`change:${position}`).toString('base64url');

/** The position inside a cursor this feed gave out, or a typed error naming the parameter (`since`, `after`). */
export function decodeCursor(param: string, cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^change:(0|[1-9][0-9]{0,15})$/.exec(text);
  const position = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(position))
    throw invalidInput([param], 'is not a cursor from this change feed: use `next`, or the cursor of a snapshot');
  return position;
}
