// The ustar archives of a data folder (a backup's, or PGlite's dumpDataDir's): every header checked before a restore.

export interface TarEntry {
  /** As PGlite writes it, from the folder's root: "/PG_VERSION", "/base/5/1249". */
  name: string;
  type: 'file' | 'directory';
  /** The entry's bytes in the archive, header and padded data together. */
  start: number;
  end: number;
}

export class CorruptArchiveError extends Error {
  override name = 'CorruptArchiveError';
}

const BLOCK = 512;

const field = (header: Uint8Array, from: number, to: number) =>
  Buffer.from(header.subarray(from, to)).toString('latin1').replace(/\0.*$/s, '');

function octal(header: Uint8Array, from: number, to: number, what: string, at: number): number {
  const text = field(header, from, to).trim();
  if (!/^[0-7]+$/.test(text)) throw new CorruptArchiveError(`the ${what} of the entry at byte ${at} is not a number`);
  return Number.parseInt(text, 8);
}

/** The header's checksum: its bytes summed with the checksum field itself counted as spaces. */
function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

/**
 * The entries of an uncompressed archive, in order. Throws CorruptArchiveError on a bad header, an entry that
 * runs past the end, a kind of entry PGlite never writes, or a missing end marker: what a cut-short file shows.
 */
export function readTarEntries(tar: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return entries;
    if (checksum(header) !== octal(header, 148, 156, 'checksum', at)) {
      throw new CorruptArchiveError(`the header at byte ${at} fails its checksum`);
    }
    const size = octal(header, 124, 136, 'size', at);
    const flag = field(header, 156, 157);
    const type = flag === '5' ? 'directory' : flag === '0' || flag === '' ? 'file' : null;
    if (!type) throw new CorruptArchiveError(`the entry at byte ${at} is of a kind a data folder never holds ("${flag}")`);
    const prefix = field(header, 345, 500);
    const name = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
    const end = at + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (end > tar.length) throw new CorruptArchiveError(`${name} runs past the end of the archive`);
    entries.push({ name, type, start: at, end });
    at = end;
  }
  throw new CorruptArchiveError('the archive ends without its end marker');
}
