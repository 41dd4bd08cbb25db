// The partner's event edit in a loop, in process, for profiles: CPU and wall time per edit, on the bench's own database.
// After a bench run against DATABASE_URL has set the database up (the catalogue, the host admin's token):
//   node --cpu-prof --import tsx bench/edit-loop.ts <raw|pothos|compiled> [edits] [concurrency]
// raw: the hand-written statement; pothos: full Yoga; compiled: the production app (the mutation path).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db.ts';
import { createTokenVerifier } from '../src/modules/accounts/tokens.ts';
import { partnerEditsEvent, partnerEditsEventOperation } from './operations.ts';
import { rawMutationRoutes } from './raw-mutation.ts';

const [mode = 'pothos', nArg = '500', cArg = '1'] = process.argv.slice(2);
const url = process.env.DATABASE_URL!;
// Where bench/run.ts keeps the host admin's token for this database.
const tokenFile = new URL(`./.data/host-admin-${createHash('sha256').update(url).digest('hex').slice(0, 12)}.token`, import.meta.url);
const hostAdminToken = readFileSync(tokenFile, 'utf8').trim();
const handle = await createDb({ DATABASE_URL: url, DATABASE_POOL_SIZE: 10 });
const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', SEED_ON_START: 'false' });
const verifyToken = createTokenVerifier({ db: handle.db, handle });
const app =
  mode === 'compiled'
    ? createApp({ handle, config, verifyToken, compiledDocuments: [partnerEditsEvent] })
    : createApp({ handle, config, verifyToken, compileAdHoc: false, mutationPath: false });
const raw = rawMutationRoutes(handle);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const c = Number(cArg);
const op = await partnerEditsEventOperation({ base, hostAdminToken, connections: c });
const write = op.write!;
await write.refresh();
const n = Number(nArg);
let done = 0,
  failed = 0;
const one = async () => {
  const next = write.next();
  const res = await (mode === 'raw' ? raw : app).request(mode === 'raw' ? '/raw/update-event' : '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...write.headers },
    body: JSON.stringify({ query: partnerEditsEvent, variables: next.variables }),
  });
  if (!next.settle(await res.text())) failed++;
};
// warm-up
for (let i = 0; i < 50; i++) await one();
handle.statements.count = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all(
  Array.from({ length: c }, async () => {
    while (done < n) {
      done++;
      await one();
    }
  }),
);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    mode,
    n,
    c,
    failed,
    msPerEdit: +(ms / n).toFixed(3),
    cpuMsPerEdit: +((cpu.user + cpu.system) / 1000 / n).toFixed(3),
    statements: handle.statements.count / n,
  }),
);
await write.finish();
server.close();
await handle.close();
process.exit(0);
