// `npm run cli -- sources ...`: the directories this one follows (docs/sync.md), added, trusted, listed, polled, removed.
import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { originCounts, pollSource, type SourcePoll } from './modules/sync/poll-source.ts';
import {
  addSource,
  listSources,
  removeSource,
  resetSourceCursor,
  sourceByName,
  sourceUrlPolicyOf,
  trustSource,
} from './modules/sync/sources.ts';

export const sourcesUsage = `Usage: npm run cli -- sources <command>
  sources add <name> <base-url> --as <organisation> [--by <email>] [--trusted-by <host admin email>]
  sources trust <name> --by <host admin email> [--off]
  sources list
  sources sync <name>
  sources resync <name>        (read the whole snapshot again, not only the changes)
  sources remove <name>`;

type Print = (line: string) => void;

const describe = (p: SourcePoll): string => {
  if (p.status === 'failed') return `${p.name}: failed: ${p.error}`;
  const r = p.report;
  const quiet = r && !r.problems.length && Object.values(r).every((v) => v === 0 || Array.isArray(v));
  if (p.status === 'not_modified' || !r || quiet) return `${p.name}: nothing new.`;
  const lines = [
    `${p.name}: ${r.created} new, ${r.changed} changed, ${r.unchanged} unchanged, ${r.alreadyHere} already here; ${r.published} published (trusted), ${r.submitted} submitted for review; ${r.archived} archived, ${r.withdrawn} withdrawn.`,
    ...r.problems.map((x) => `  ${x}`),
  ];
  return lines.join('\n');
};

/** Runs one `sources` command against `db`; the exit code. Invalid input throws the services' typed errors. */
export async function runSources(db: Db, config: Config, args: string[], print: Print = console.log): Promise<number> {
  const [command, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      as: { type: 'string' },
      by: { type: 'string' },
      'trusted-by': { type: 'string' },
      off: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const policy = sourceUrlPolicyOf(config);
  switch (command) {
    case 'add': {
      const [name, baseUrl] = positionals;
      if (!name || !baseUrl || !values.as) return usage(print);
      const s = await addSource({ db, policy, name, baseUrl, organisation: values.as, by: values.by });
      if (values['trusted-by']) await trustSource({ db, name, by: values['trusted-by'], trusted: true });
      print(
        `Source "${s.name}" added: ${s.baseUrl}, written as ${values.as}${values['trusted-by'] ? ', trusted' : ', reviewed'}. The first poll reads its snapshot.`,
      );
      return 0;
    }
    case 'trust': {
      const [name] = positionals;
      if (!name || !values.by) return usage(print);
      await trustSource({ db, name, by: values.by, trusted: !values.off });
      print(values.off ? `Source "${name}" is reviewed again.` : `Source "${name}" is trusted: its entries are published without review.`);
      return 0;
    }
    case 'list': {
      const counts = await originCounts(db);
      const sources = await listSources(db);
      if (!sources.length) print('No sources.');
      for (const s of sources)
        print(
          `${s.name}\t${s.baseUrl}\t${s.trustedBy ? 'trusted' : 'reviewed'}\t${counts.get(s.id) ?? 0} entries\tlast polled ${s.lastPolledAt ?? 'never'}${s.lastError ? `\tlast error: ${s.lastError.split('\n')[0]}` : ''}`,
        );
      return 0;
    }
    case 'sync':
    case 'resync': {
      const [name] = positionals;
      if (!name) return usage(print);
      const s = command === 'resync' ? await resetSourceCursor({ db, name }) : await sourceByName(db, name);
      const outcome = await pollSource({ db, policy, pollMinutes: config.SYNC_POLL_MINUTES }, s.id);
      print(describe(outcome));
      return outcome.status === 'failed' ? 1 : 0;
    }
    case 'remove': {
      const [name] = positionals;
      if (!name) return usage(print);
      await removeSource({ db, name });
      print(`Source "${name}" removed. The entries it brought stay, marked as its.`);
      return 0;
    }
    default:
      return usage(print);
  }
}

function usage(print: Print): number {
  print(sourcesUsage);
  return 2;
}
