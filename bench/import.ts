// How long a large CSV import takes and how much memory it holds: a synthetic events file of ROWS rows (default
// 100,000) imported by `npm run cli -- import` into a fresh embedded database (or, with BENCH_DATABASE_URL, an empty
// PostgreSQL database), each pass timed by the progress lines the command prints and its peak RSS read from /proc (Linux).
//
//   node --import tsx bench/import.ts [rows]        (npm run bench:import)
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const rows = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'ed-import-bench-'));
const file = join(dir, 'events.csv');
// BENCH_DATABASE_URL names an empty PostgreSQL database to import into; without it, a fresh embedded one in a folder
// of its own (a DATABASE_URL of the caller's environment is never used: the benchmark fills what it imports into).
const { DATABASE_URL: _server, BENCH_DATABASE_URL: server, ...inherited } = process.env;
const env = { ...inherited, ...(server ? { DATABASE_URL: server } : {}), DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
const cli = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, encoding: 'utf8' });

try {
  // Synthetic rows, labelled as such: every tenth links a starter-catalogue topic and organiser.
  const out = createWriteStream(file);
  out.write('id,name,start_datetime,end_datetime,timezone,format,description,organisers,topics\n');
  for (let i = 1; i <= rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const links = i % 10 === 0 ? 'connected-by-data:host,data' : ',';
    const line = `S-${i},Synthetic event ${i},2031-05-${day} 18:30,2031-05-${day} 20:00,Europe/London,online,"Synthetic row ${i}, for the import benchmark.",${links}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  cli('seed');
  const founded = cli('init-secretariat', '--host', 'Benchmark Host (synthetic)', '--admin', 'bench@example.org');
  const host = /\(([a-z0-9-]+)\)\. Admin/.exec(founded)![1]!;

  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', file, '--type', 'events', '--as', host], { env });
  /**
   * The process's peak RSS so far (VmHWM) and the CPU time it has used (user + system), sampled while it runs: /proc
   * forgets them once the process ends. CPU time says what the import costs when the machine is shared, as wall
   * time alone does not.
   */
  let peakKiB = 0;
  let cpuSeconds = 0;
  const ticks = 100;
  const sample = () => {
    try {
      peakKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? peakKiB);
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpuSeconds = (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // Ended between two samples: the last one stands.
    }
  };
  const sampler = setInterval(sample, 250);
  let checkedAt = 0;
  let checkPeakKiB = 0;
  let checkCpu = 0;
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // The writing pass starts as the check's last progress line is printed.
    if (new RegExp(`checked: ${rows} rows`).test(stdout) && !checkedAt) {
      checkedAt = Date.now();
      sample();
      checkPeakKiB = peakKiB;
      checkCpu = cpuSeconds;
    }
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  clearInterval(sampler);
  const ended = Date.now();
  if (code !== 0) throw new Error(`import failed:\n${stdout}\n${err}`);
  const mb = (kib: number) => Math.round(kib / 1024);
  const pass = (name: string, ms: number, cpu: number, kib: number) =>
    `${name}: ${(ms / 1000).toFixed(1)} s (${Math.round(rows / (ms / 1000))} rows/s), ` +
    `CPU ${cpu.toFixed(1)} s (${Math.round(rows / cpu)} rows a CPU second), peak RSS ${mb(kib)} MB`;
  console.log(stdout.trim().split('\n').at(-1));
  console.log(`${rows} rows (${(statSync(file).size / 1e6).toFixed(1)} MB) into ${server ? 'PostgreSQL' : 'the embedded database'}:`);
  if (checkedAt) {
    console.log(`  ${pass('start and check pass', checkedAt - started, checkCpu, checkPeakKiB)}`);
    console.log(`  ${pass('write pass', ended - checkedAt, cpuSeconds - checkCpu, peakKiB)} (peak of the whole run)`);
  }
  console.log(`  ${pass('whole import', ended - started, cpuSeconds, peakKiB)}`);
  console.log(`  load average of the machine at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
