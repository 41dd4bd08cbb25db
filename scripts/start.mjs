// `npm start`: runs the server from its bundle (dist/main.mjs), rebuilding it first whenever a source changed since
// it was built, so a fresh clone, a `git pull` or an edit needs nothing more than `npm start` and never runs old code.
import module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import './heap-tuning.mjs';
import { ensureBuilt, outdir } from './build.mjs';

const bundle = await ensureBuilt('src/main.ts');
// The server's "listening" line reports the time before this as a step of its own (src/startup-clock.ts).
const { user, system } = process.cpuUsage();
performance.mark('engagement-directory:bundle-checked', { detail: { cpuMs: (user + system) / 1000 } });
// Node 22.1 and later keep V8's compiled code between runs, which saves part of the bundle's compile time;
// Node 20 has no such cache and compiles it again.
module.enableCompileCache?.(join(outdir, 'compile-cache'));
await import(pathToFileURL(bundle).href);
