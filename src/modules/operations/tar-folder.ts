// A data folder as a ustar archive in PGlite's own layout ("/PG_VERSION", "/base/5/1249"), read from disk with Node.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = 512;

function header(name: string, type: 'file' | 'directory', mode: number, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 99) throw new Error(`${name}: a name this long does not fit a tar header`);
  const block = Buffer.alloc(BLOCK);
  const put = (at: number, length: number, text: string) => block.write(text, at, length, 'latin1');
  const octal = (at: number, length: number, n: number) => put(at, length, `${n.toString(8).padStart(length - 1, '0')}\0`);
  put(0, 100, name);
  octal(100, 8, mode & 0o7777);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, Math.floor(mtime.getTime() / 1000));
  put(156, 1, type === 'directory' ? '5' : '0');
  put(257, 6, 'ustar\0');
  put(263, 2, '00');
  // The checksum is summed with its own field counted as spaces.
  put(148, 8, '        ');
  let sum = 0;
  for (const byte of block) sum += byte;
  put(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/**
 * The files and folders under `dir` that `keep` accepts (by their name in the archive), as an uncompressed
 * archive with its end marker. Anything neither a file nor a folder (the lock's socket) is never included: PGlite's
 * own dumpDataDir fails on one, which is why backups are made here.
 */
export function tarFolder(dir: string, keep: (name: string) => boolean): Buffer {
  const parts: Buffer[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const name = `${prefix}/${entry.name}`;
      if (!(entry.isFile() || entry.isDirectory()) || !keep(name)) continue;
      const path = join(folder, entry.name);
      const stat = statSync(path);
      if (entry.isDirectory()) {
        parts.push(header(name, 'directory', stat.mode, 0, stat.mtime));
        walk(path, name);
        continue;
      }
      const data = readFileSync(path);
      parts.push(header(name, 'file', stat.mode, data.length, stat.mtime), data);
      if (data.length % BLOCK) parts.push(Buffer.alloc(BLOCK - (data.length % BLOCK)));
    }
  };
  walk(dir, '');
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}
