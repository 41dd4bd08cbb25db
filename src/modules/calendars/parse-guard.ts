// Reading a feed once in a worker thread first, with a deadline: ical.js loops for ever inside one step on a
// recurrence rule that can never match (RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30), and on the main thread that
// would freeze every request of the server. The reading is deterministic, so a feed the worker reads within the
// deadline is then read on the main thread in as long; one it cannot is refused, and the worker is ended.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FeedError, type Window } from './parse-feed.ts';

/** How long a feed may take to read; a real calendar of thousands of events takes well under a second. */
export const PARSE_DEADLINE_MS = 10_000;

// Run from the sources (src/modules/calendars/) or from the server's bundle (dist/main.mjs): the module the
// worker loads is the source file either way, through tsx (a dependency), so there is no second bundle to build.
const here = import.meta.url;
const parseModule = here.includes('/src/modules/calendars/')
  ? new URL('./parse-feed.ts', here).href
  : new URL('../src/modules/calendars/parse-feed.ts', here).href;
// tsx's own API registers its loader in the worker (an --import in a worker's execArgv does not reach its loader).
const tsxApi = (() => {
  const manifest = createRequire(here).resolve('tsx/package.json');
  const exported = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports[
    './esm/api'
  ]!.import.default;
  return pathToFileURL(join(dirname(manifest), exported)).href;
})();

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.module); }).then(
  ({ occurrencesOf }) => {
    try {
      const n = occurrencesOf(workerData.text, { from: new Date(workerData.from), to: new Date(workerData.to) }).length;
      parentPort.postMessage({ ok: true, n });
    } catch (e) {
      parentPort.postMessage({ ok: false, feedError: e && e.name === 'FeedError', message: String((e && e.message) || e) });
    }
  },
  (e) => parentPort.postMessage({ ok: false, feedError: false, message: 'could not load the reader: ' + e.message }),
);`;

type Answer = { ok: true; n: number } | { ok: false; feedError: boolean; message: string };

/** Resolves when the feed can be read within the deadline; throws FeedError when it cannot (or is not iCalendar). */
export async function assertReadable(text: string, window: Window, deadlineMs = PARSE_DEADLINE_MS): Promise<void> {
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { tsx: tsxApi, module: parseModule, text, from: window.from.toISOString(), to: window.to.toISOString() },
    // A feed is at most 5 MB (fetch-feed.ts); its parsed form fits well within this.
    resourceLimits: { maxOldGenerationSizeMb: 256 },
    stdout: true,
    stderr: true,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      new Promise<Answer>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the feed reader stopped (exit ${code})`)));
      }),
      new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), deadlineMs);
      }),
    ]);
    if (answer === 'late') {
      throw new FeedError(
        `Reading the feed took longer than ${deadlineMs / 1000} s (a recurrence rule that can never match?), so nothing was changed.`,
      );
    }
    if (!answer.ok) {
      if (answer.feedError) throw new FeedError(answer.message);
      throw new Error(`reading the feed in a worker failed: ${answer.message}`);
    }
  } catch (err) {
    if (err instanceof FeedError) throw err;
    // A worker out of memory, or one that could not start: the feed is not read on the main thread either.
    throw new FeedError(`The feed could not be read: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
