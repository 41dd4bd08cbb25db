// `npm run bench:cold-start [-- --runs 7 --ways npm,node,tsx --data-dir DIR --first 3]`: time from starting the server
// to its first ready answer, on an existing embedded database (bench/.data/cold-start, created and seeded by an
// uncounted first start), several times and in interleaved turns; and, --first N times (default 3), a first start
// on a new, empty DATA_DIR (the database created, migrated and seeded), by the first way, between the restarts. Each way also starts once uncounted first, so
// a stale bundle is rebuilt before measuring (a rebuild after a source change adds one to three seconds, once).
//
// Ways of starting it:
//   npm   `npm start`, what a newcomer types (npm's own start-up included)
//   node  the start script itself (`scripts.start` from package.json, run by sh as npm runs it), without npm
//   tsx   `tsx src/main.ts`, the TypeScript sources through tsx's loader (how `npm start` ran before the bundle)
// Each run: spawn, then poll GET /readyz every 10 ms until it answers 200; the figure is spawn to that answer.
// Also reported: CPU time the started processes had used by then (user + system, all of them, read from /proc):
// on a machine shared with other work this varies far less than wall-clock time, so compare ways by both; the
// server's own account of each step of a restart (its "listening" line: bundle check, modules, database, catalogue,
// app, listen), median wall and CPU ms; and the machine's load average before and after.
//
// `--ways old` with `--old-tree DIR`: the start script of another checkout (say, the commit before a change, with
// node_modules linked and `npm run build` run there) on the same DATA_DIR, in the same turns: a before and after.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../tests/support/free-port.ts';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findInitialDatabase } from '../src/initial-database.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    ways: { type: 'string', default: 'npm,node' },
    'data-dir': { type: 'string', default: fileURLToPath(new URL('./.data/cold-start', import.meta.url)) },
    first: { type: 'string', default: '3' },
    // Each first start also once without the initial database (hidden for that start), to compare in one run.
    'compare-initdb': { type: 'boolean', default: false },
    'old-tree': { type: 'string' },
  },
});
const runs = Math.max(1, Number(args.runs));
const firstRuns = Math.max(0, Number(args.first));
const dataDir = args['data-dir'];
const startScript = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
const binPath = `${root}node_modules/.bin:${process.env.PATH ?? ''}`;

const ways: Record<string, string[]> = {
  npm: ['npm', 'start', '--silent'],
  node: ['sh', '-c', startScript],
  tsx: ['tsx', 'src/main.ts'],
  ...(args['old-tree'] ? { old: ['sh', '-c', `cd ${JSON.stringify(args['old-tree'])} && ${startScript}`] } : {}),
};
const chosen = args.ways.split(',').map((w) => w.trim());
for (const w of chosen) if (!ways[w]) throw new Error(`--ways: unknown way "${w}" (known: ${Object.keys(ways).join(', ')})`);

/** CPU time (ms) used so far by every live process in the group, or undefined where /proc is not there. */
function groupCpuMs(pgid: number): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name, which is in parentheses and may hold spaces: state ppid pgrp ... utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10; // clock ticks of 10 ms (USER_HZ is 100 on Linux)
}

async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole group (npm, sh, tsx and the server), then wait until every one of them is gone. */
async function stop(child: ChildProcess) {
  const pgid = child.pid!;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return; // no process left in the group: the database lock is released
    }
    if (Date.now() > deadline) {
      process.kill(-pgid, 'SIGKILL');
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Sample {
  readyMs: number;
  cpuMs: number | undefined;
  /** `startupMs` from the server's "listening" log line: database opened and migrated, app built. */
  startupMs: number | undefined;
  /** The line's `stepsMs` and `stepsCpuMs` (src/startup-clock.ts), where the server reports them. */
  steps?: { ms: Record<string, number>; cpuMs: Record<string, number> };
  /** From the moment the "listening" line was read to the first ready answer: what the first request waited. */
  afterListeningMs?: number;
}

async function startOnce(way: string, env: Record<string, string> = {}): Promise<Sample & { output: string }> {
  const port = await freePort();
  const [command, ...rest] = ways[way]!;
  const started = performance.now();
  const child = spawn(command!, rest, {
    cwd: root,
    detached: true, // its own process group, so stop() reaches the server behind npm and sh
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: binPath, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  let startupMs: number | undefined;
  let steps: Sample['steps'];
  let listeningSeen: number | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (listeningSeen === undefined && output.includes('"msg":"listening"')) listeningSeen = performance.now();
    startupMs ??= Number(/"msg":"listening".*?"startupMs":(\d+)/.exec(output)?.[1]) || undefined;
    const line = /^\{.*"msg":"listening".*\}$/m.exec(output)?.[0];
    if (line && !steps) {
      const parsed = JSON.parse(line) as { stepsMs?: Record<string, number>; stepsCpuMs?: Record<string, number> };
      if (parsed.stepsMs && parsed.stepsCpuMs) steps = { ms: parsed.stepsMs, cpuMs: parsed.stepsCpuMs };
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (await ready(`http://127.0.0.1:${port}/readyz`)) break;
      if (exited) throw new Error(`${way}: the server exited before it was ready:\n${output}`);
      if (performance.now() - started > 120_000) throw new Error(`${way}: not ready after 120 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const readyAt = performance.now();
    const readyMs = readyAt - started;
    const afterListeningMs = listeningSeen === undefined ? undefined : readyAt - listeningSeen;
    return { readyMs, cpuMs: groupCpuMs(child.pid!), startupMs, afterListeningMs, ...(steps ? { steps } : {}), output };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const summary = (xs: (number | undefined)[]) => {
  const v = xs.filter((x): x is number => x !== undefined);
  return v.length ? { median: Math.round(median(v)), min: Math.round(Math.min(...v)), max: Math.round(Math.max(...v)) } : undefined;
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  const loadBefore = load();
  // The first start migrates and seeds the database; it is not a cold start on an existing database, so it is not counted.
  mkdirSync(dataDir, { recursive: true });
  const first = await startOnce(chosen[0]!);
  console.error(`prepared ${dataDir} (first start, not counted: ${Math.round(first.readyMs)} ms)`);
  // Each way also runs once uncounted: a build step or a transform cache fills on its first start.
  for (const way of chosen) await startOnce(way);

  const samples: Record<string, Sample[]> = Object.fromEntries(chosen.map((w) => [w, []]));
  const firsts: Sample[] = [];
  const withoutInitial: Sample[] = [];
  /** A first start on a new DATA_DIR; `hidden`: with the initial database moved aside meanwhile (put back after). */
  const firstStart = async (hidden: boolean) => {
    const fresh = mkdtempSync(join(tmpdir(), 'ed-first-start-'));
    const initial = hidden ? findInitialDatabase() : undefined;
    if (initial) renameSync(initial, `${initial}.hidden`);
    try {
      return await startOnce(chosen[0]!, { DATA_DIR: fresh });
    } finally {
      if (initial) renameSync(`${initial}.hidden`, initial);
      rmSync(fresh, { recursive: true, force: true });
    }
  };
  for (let i = 0; i < Math.max(runs, firstRuns); i++) {
    // A new DATA_DIR each time: the first start creates the database, migrates it and loads the starter catalogue.
    for (const hidden of i < firstRuns ? (args['compare-initdb'] ? [false, true] : [false]) : []) {
      const s = await firstStart(hidden);
      (hidden ? withoutInitial : firsts).push(s);
      const steps = s.output.split('\n').filter((l) => l.includes('first start')).length;
      console.error(
        `first start ${i + 1}/${firstRuns} ${chosen[0]}${hidden ? ' without the initial database' : ''}: ready in ${Math.round(s.readyMs)} ms (cpu ${s.cpuMs ?? '?'} ms, startupMs ${s.startupMs ?? '?'}, ${steps} progress lines)`,
      );
    }
    if (i >= runs) continue;
    for (const way of chosen) {
      const s = await startOnce(way);
      samples[way]!.push(s);
      console.error(
        `run ${i + 1}/${runs} ${way}: ready in ${Math.round(s.readyMs)} ms (cpu ${s.cpuMs ?? '?'} ms, startupMs ${s.startupMs ?? '?'})`,
      );
    }
  }

  console.log(`\ncold start on an existing embedded database (${dataDir}), ${runs} runs per way, node ${process.version}`);
  console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after`);
  console.log(
    "ready: spawn to the first 200 from /readyz; cpu: CPU time of the started processes by then; startupMs: the server's own figure\n",
  );
  const rows = chosen.map((way) => {
    const s = samples[way]!;
    const ready = summary(s.map((x) => x.readyMs))!;
    const cpu = summary(s.map((x) => x.cpuMs));
    const startup = summary(s.map((x) => x.startupMs));
    return {
      way,
      command: ways[way]!.join(' '),
      'ready median ms': ready.median,
      'ready min': ready.min,
      'ready max': ready.max,
      'cpu median ms': cpu?.median ?? '',
      'startupMs median': startup?.median ?? '',
      'listening to ready median ms': summary(s.map((x) => x.afterListeningMs))?.median ?? '',
    };
  });
  console.table(rows);
  // Where a restart's time went, by the server's own account, for each way that reports it (side by side for --ways node,old).
  for (const way of chosen) {
    const withSteps = samples[way]!.filter((x) => x.steps);
    if (!withSteps.length) continue;
    console.log(`\nsteps of a restart by ${way} (the server's listening line), median of each`);
    console.table(
      Object.keys(withSteps[0]!.steps!.ms).map((step) => ({
        step,
        'wall ms': summary(withSteps.map((x) => x.steps!.ms[step]))!.median,
        'cpu ms': summary(withSteps.map((x) => x.steps!.cpuMs[step]))!.median,
      })),
    );
  }
  if (firsts.length) {
    console.log(`\nfirst start on a new DATA_DIR (${chosen[0]}), ${firsts.length} runs each`);
    const row = (what: string, xs: Sample[]) => {
      const ready = summary(xs.map((x) => x.readyMs))!;
      return {
        what,
        'ready median ms': ready.median,
        'ready min': ready.min,
        'ready max': ready.max,
        'cpu median ms': summary(xs.map((x) => x.cpuMs))?.median ?? '',
      };
    };
    console.table([row('initial database', firsts), ...(withoutInitial.length ? [row('initdb and migrations', withoutInitial)] : [])]);
  }
}

await main();
