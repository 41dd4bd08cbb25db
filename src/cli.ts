// The command line: bootstrap the secretariat, reload the seed catalogue, list commands. A composition root, like main.ts.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.ts';
import { createDb, DatabaseLockedError } from './db.ts';
import { AlreadyInitialisedError, initSecretariat } from './modules/accounts/init-secretariat.ts';
import { seedCatalogue } from '../seed/load.ts';
import { recordAudit } from './modules/access/audit.ts';
import { editedEntryCount } from './modules/editorial/revision-store.ts';

const help = `Engagement Directory command line

Usage: npm run cli -- <command> [options]

Commands:
  init-secretariat --host "<organisation>" --admin "<email>"
      Make the organisation (found by slug or name, created if new) the first host of the
      secretariat, with <email> as its admin. Prints the admin's API token on the last line;
      it is shown once. Refuses to run when the secretariat already has a host.
  seed [--force]
      Load (or reload) the starter catalogue. Safe to run again: entries are updated by slug.
      Once entries have been edited through the editorial workflow it refuses, because reloading
      would overwrite reviewed content without a revision; --force reloads anyway (and is audited).
  help
      Show this text.

The database is chosen as for the server: DATABASE_URL for PostgreSQL, else embedded PGlite in DATA_DIR.`;

async function withDatabase<T>(work: (handle: Awaited<ReturnType<typeof createDb>>) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const handle = await createDb({ DATABASE_URL: config.DATABASE_URL, DATA_DIR: config.DATA_DIR, DATABASE_POOL_SIZE: 2 });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(help);
      return 0;
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { force: { type: 'boolean', default: false } }, strict: true });
      const result = await withDatabase(async (h) => {
        const edited = await editedEntryCount(h.db);
        if (edited > 0 && !values.force) return edited;
        const tally = await seedCatalogue(h.db);
        if (edited > 0) await recordAudit(h.db, { action: 'catalogue.reseed', details: { ...tally, editedEntries: edited } });
        return tally;
      });
      if (typeof result === 'number') {
        console.error(
          `${result} entries have been edited through the editorial workflow; reloading the seed would overwrite them without a revision. Use --force to reload anyway.`,
        );
        return 1;
      }
      console.log(`Seed catalogue loaded: ${result.inserted} inserted, ${result.updated} updated.`);
      return 0;
    }
    case 'init-secretariat': {
      const { values } = parseArgs({ args: rest, options: { host: { type: 'string' }, admin: { type: 'string' } }, strict: true });
      const host = values.host?.trim();
      const admin = z.email().safeParse(values.admin?.trim().toLowerCase());
      if (!host || !admin.success) {
        console.error('Usage: npm run cli -- init-secretariat --host "<organisation>" --admin "<email>"');
        if (!host) console.error('  --host: name or slug of the first host organisation is required');
        if (!admin.success) console.error('  --admin: an email address is required');
        return 2;
      }
      const result = await withDatabase((h) => initSecretariat({ db: h.db, host, adminEmail: admin.data }));
      console.log(`Secretariat started. Host: ${result.organisation.name} (${result.organisation.slug}). Admin: ${admin.data}.`);
      console.log(`Token ${result.token.displayPrefix}… expires ${result.token.expiresAt}; store it now, it is not shown again:`);
      console.log(result.token.token);
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${help}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof AlreadyInitialisedError || err instanceof ConfigError || err instanceof DatabaseLockedError)
      console.error(err.message);
    else if (err instanceof Error && err.name === 'TypeError' && /parseArgs|Unknown option/i.test(err.message)) console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);
