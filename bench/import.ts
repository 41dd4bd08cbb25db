// How long a large CSV import takes and how much memory it holds: a synthetic events file of ROWS rows (default
// 100,000) imported by `npm run cli -- import` into a fresh embedded database, measured with /usr/bin/time.
//
//   node --import tsx bench/import.ts [rows]        (npm run bench:import)
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const rows = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'ed-import-bench-'));
const file = join(dir, 'events.csv');
const { DATABASE_URL: _server, ...inherited } = process.env;
const env = { ...inherited, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
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
  const timed = spawnSync(
    '/usr/bin/time',
    ['-f', 'peak %M KiB', process.execPath, '--import', 'tsx', 'src/cli.ts', 'import', file, '--type', 'events', '--as', host],
    { env, encoding: 'utf8' },
  );
  const seconds = (Date.now() - started) / 1000;
  if (timed.status !== 0) throw new Error(`import failed:\n${timed.stdout}\n${timed.stderr}`);
  const peakKiB = Number(/peak (\d+) KiB/.exec(timed.stderr)?.[1]);
  console.log(timed.stdout.trim().split('\n').at(-1));
  console.log(
    `${rows} rows (${(statSync(file).size / 1e6).toFixed(1)} MB) imported in ${seconds.toFixed(1)} s ` +
      `(${Math.round(rows / seconds)} rows/s), peak RSS of the import process ${Math.round(peakKiB / 1024)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
