// Bundles a TypeScript entry (by default the server, src/main.ts) and all it imports into one JavaScript file
// under dist/ with esbuild, so a start runs one file instead of loading some 1,200 modules through tsx's loader.
//
//   node scripts/build.mjs [entry.ts ...]      build now (postinstall builds src/main.ts and the initial database)
//   ensureBuilt(entry)                         the bundle's path, rebuilt first if any input changed (npm start)
//
// Each bundle has a manifest listing every file that went into it with a hash of the very bytes esbuild was
// given; it counts as fresh only while each of those files still has that content, so a start never runs code
// older than the sources. Plain JavaScript, so it runs without tsx.
//
// Checking it hashed all 1,400 files on every start: 200 to 250 ms of CPU, a sixth of a restart. The manifest also
// keeps what stat said of each file as it was read; a file whose size, times and inode are still those is not read
// again (as git trusts its index), and any other is hashed as before.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const outdir = join(root, 'dist');
// Not imported by a bundle but deciding what it holds: this build, and the installed packages' versions.
const alsoHashed = [
  'scripts/build.mjs',
  'package.json',
  'tsconfig.json',
  'node_modules/.package-lock.json',
  'node_modules/esbuild/package.json',
];
// Loaded by Node from its own folder at run time: its modules find pglite.wasm, pglite.data and the extension
// bundles next to themselves, so it stays an ordinary package import.
const external = ['@electric-sql/pglite'];
const loaders = { '.ts': 'ts', '.tsx': 'tsx', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.json': 'json' };

const posix = (path) => path.split('\\').join('/');
const sha1 = (bytes) => createHash('sha1').update(bytes).digest('hex');

/** dist/main.mjs for src/main.ts, dist/bench-server.mjs for bench/server.ts. */
function paths(entry) {
  const path = posix(relative(root, resolve(root, entry)));
  const name = path === 'src/main.ts' ? 'main' : path.replace(/\.[cm]?ts$/, '').replaceAll('/', '-');
  return { bundle: join(outdir, `${name}.mjs`), manifest: join(outdir, `${name}.manifest.json`) };
}

function digestOf(hashes) {
  const h = createHash('sha256');
  for (const file of Object.keys(hashes).sort()) h.update(`${file}\0${hashes[file]}\n`);
  return h.digest('hex');
}

/** Hash of a file's current content, or null when it is gone. */
function hashFile(file) {
  try {
    return sha1(readFileSync(join(root, file)));
  } catch {
    return null;
  }
}

/**
 * What stat says of a file: a write changes its size or its times (ctime even when mtime is set back, as `cp -p`
 * does), a replacement its inode. Null when it is gone.
 */
function statOf(file) {
  try {
    const s = statSync(join(root, file), { bigint: true });
    return { key: `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`, changedMs: Math.max(Number(s.mtimeMs), Number(s.ctimeMs)) };
  } catch {
    return null;
  }
}

/**
 * A file's stat is kept only when it last changed well before the build began. The kernel stamps a write with a
 * coarse clock (a few ms), so a file written again just after it was read could keep the times it was read with;
 * one changed that close to the build is hashed on every check instead (git's "racily clean" entries).
 */
const RACY_MS = 2_000;

/** True when the entry's bundle was built from exactly the files now on disk. */
export function bundleIsFresh(entry = 'src/main.ts') {
  const { bundle, manifest } = paths(entry);
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    return false;
  }
  if (!existsSync(bundle)) return false;
  const stats = recorded.stats ?? {};
  const now = {};
  for (const file of Object.keys(recorded.inputs))
    now[file] = stats[file] !== undefined && stats[file] === statOf(file)?.key ? recorded.inputs[file] : hashFile(file);
  return digestOf(now) === recorded.digest;
}

/**
 * Our files may read files next to themselves (`new URL('./x', import.meta.url)`); in a bundle import.meta.url
 * is the bundle's, so each of our files gets its own URL back, relative to the bundle (the tree can move).
 */
function moduleRelativeUrls(source, file) {
  if (/[\\/]node_modules[\\/]/.test(file) || !source.includes('import.meta.url')) return source;
  return source.replaceAll('import.meta.url', `new URL(${JSON.stringify(posix(relative(outdir, file)))}, import.meta.url).href`);
}

export async function build(entry = 'src/main.ts', { quiet = false } = {}) {
  const started = performance.now();
  const startedAt = Date.now();
  const { bundle, manifest } = paths(entry);
  const esbuild = await import('esbuild');
  const hashes = {};
  // Taken before each file is read: a write in between then leaves a stat that no longer matches, never a stale hash.
  const stats = {};
  const keepStat = (file) => {
    const s = statOf(file);
    if (s && s.changedMs < startedAt - RACY_MS) stats[file] = s.key;
  };
  // Every source goes through here, so the manifest hashes the bytes that were bundled, not a later version.
  const hashingLoader = {
    name: 'hash-inputs',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]sx?$|\.json$/ }, async (args) => {
        const loader = loaders[extname(args.path)];
        if (!loader || args.namespace !== 'file') return undefined;
        const file = posix(relative(root, args.path));
        keepStat(file);
        const bytes = await readFile(args.path);
        hashes[file] = sha1(bytes);
        return { contents: moduleRelativeUrls(bytes.toString('utf8'), args.path), loader, resolveDir: dirname(args.path) };
      });
    },
  };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [resolve(root, entry)],
    outfile: bundle,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    // Some bundled CommonJS packages call require() for Node's own modules; an ES module has no require of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
    // For TypeScript positions in stack traces run node with --enable-source-maps (it slows the start down).
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: quiet ? 'error' : 'warning',
    metafile: true,
    plugins: [hashingLoader],
  });
  const hashAlso = (file) => {
    keepStat(file);
    hashes[file] = hashFile(file);
  };
  for (const input of Object.keys(result.metafile.inputs)) if (!(posix(input) in hashes)) hashAlso(posix(input)); // loaded by esbuild itself
  for (const file of alsoHashed) hashAlso(file);
  // Each file is written aside and renamed into place, the manifest last: a crash or a second build running at the
  // same time leaves either the old or the new bundle, and at worst a manifest that asks for one more build.
  mkdirSync(outdir, { recursive: true });
  const replace = (path, contents) => {
    const aside = `${path}.${process.pid}.tmp`;
    writeFileSync(aside, contents);
    renameSync(aside, path);
  };
  for (const file of result.outputFiles) replace(file.path, file.contents);
  replace(manifest, `${JSON.stringify({ entry, digest: digestOf(hashes), inputs: hashes, stats }, null, 1)}\n`);
  if (!quiet)
    console.error(
      `built dist/${basename(bundle)} from ${Object.keys(hashes).length} files in ${Math.round(performance.now() - started)} ms`,
    );
  return bundle;
}

/** The entry's bundle, built first when it is missing or any of its inputs changed. */
export async function ensureBuilt(entry = 'src/main.ts') {
  return bundleIsFresh(entry) ? paths(entry).bundle : build(entry);
}

/**
 * The initial database a first start loads (src/initial-database.ts), built from the migrations unless already there:
 * bundled like the server, since this script runs without tsx.
 */
export async function ensureInitialDatabase() {
  try {
    const script = await ensureBuilt('scripts/initial-database.ts');
    return await (await import(pathToFileURL(script).href)).ensureInitialDatabase();
  } catch (err) {
    // Not worth failing an install over: without it a first start creates and migrates the database itself, slower.
    console.error(`could not build the initial database (a first start will create it instead): ${err?.stack ?? err}`);
    return undefined;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const entries = process.argv.slice(2);
  for (const entry of entries.length ? entries : ['src/main.ts']) await build(entry);
  if (!entries.length) await ensureInitialDatabase();
}
