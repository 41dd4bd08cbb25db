// `npm start`: runs the server from its bundle (dist/main.mjs), rebuilding it first whenever a source changed since
// it was built, so a fresh clone, a `git pull` or an edit needs nothing more than `npm start` and never runs old code.
import module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { ensureBuilt, outdir } from './build.mjs';

// Run a full garbage collection once the old generation has grown by half since the last one, not by up to 4x as
// V8 otherwise allows: under load this server promotes little (about 1.5 MB/s), so the extra collections cost
// well under 1 % of its CPU and keep tens of MB of dead objects out of RSS. The young generation is capped on the
// command line (package.json, --max-semi-space-size): V8 sizes it before any script runs. An unknown flag is
// ignored here, where on the command line it would stop Node from starting.
v8.setFlagsFromString('--heap-growing-percent=50');

const bundle = await ensureBuilt('src/main.ts');
// Node 22.1 and later keep V8's compiled code between runs, which saves part of the bundle's compile time;
// Node 20 has no such cache and compiles it again.
module.enableCompileCache?.(join(outdir, 'compile-cache'));
await import(pathToFileURL(bundle).href);
