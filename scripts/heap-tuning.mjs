// V8 heap tuning for the server, loaded first by scripts/start.mjs (and by anything else that runs the server, with
// `node --import ./scripts/heap-tuning.mjs`). Measured under the benchmark's operations (10 connections, embedded
// PGlite, src/main.ts): peak RSS 275 to 323 MiB with V8's defaults, 256 to 266 MiB with this and
// --max-semi-space-size=8, for under 1 % more time in garbage collection (main-thread pauses).
//
// A full collection runs once the old generation has grown by half since the last one, not by up to 4x as V8
// otherwise allows: this server promotes little to the old generation (about 1.5 MB/s under load), so the extra
// collections are cheap and keep tens of MB of dead objects out of RSS. The young generation is sized on the
// command line instead (package.json's start script: --max-semi-space-size=8, half V8's default), because V8 sizes
// it before any script runs. An unknown flag is ignored here, where on the command line it would stop Node.
import v8 from 'node:v8';

v8.setFlagsFromString('--heap-growing-percent=50');
