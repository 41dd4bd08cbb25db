// The command line: bootstrap the secretariat, reload the seed catalogue, back up and restore, list commands. A composition root, like main.ts.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { DatabaseLockedError } from './data-dir-lock.ts';
import { AlreadyInitialisedError, initSecretariat } from './modules/accounts/init-secretariat.ts';
import { seedCatalogue } from '../seed/load.ts';
import { recordAudit } from './modules/access/audit.ts';
import { InvalidInputError } from './modules/access/errors.ts';
import { editedEntryCount } from './modules/editorial/revision-store.ts';
import { BackupError } from './modules/operations/backup-error.ts';
import { backupEmbedded, restoreEmbedded } from './modules/operations/embedded-backup.ts';
import { backupPostgres, restorePostgres } from './modules/operations/postgres-backup.ts';
import { importArgProblems, importUsage, runImport } from './cli-import.ts';
import { ImportError } from './modules/interchange/csv-import.ts';
import { runSources } from './cli-sources.ts';
import { ForbiddenError, NotFoundError } from './modules/access/errors.ts';

const help = `Engagement Directory command line

Usage: npm run cli -- <command> [options]

Commands:
  init-secretariat --host "<organisation>" --admin "<email>" [--host "<organisation>" --admin "<email>" ...]
      Found the secretariat: make each organisation (found by slug or name, created if new) a
      host, with the <email> after it as its admin, all in one transaction. Pairs are taken in
      order. Prints one API token per admin, each on its own line, in the order given, as the
      last lines of the output (with one host: the token is the last line); they are shown once.
      Refuses to run when the secretariat already has a host: add more with proposeHost and
      approveHost. With one founding host, a second admin of that host approves (see
      docs/editorial.md, "The single-host rule").
  seed [--force]
      Load (or reload) the starter catalogue. Safe to run again: entries are updated by slug.
      Once entries have been edited through the editorial workflow it refuses, because reloading
      would overwrite reviewed content without a revision; --force reloads anyway (and is audited).
  backup <file> [--force] [--pg-bin <folder>]
      Write a consistent copy of the database to <file>. Embedded: a gzipped tarball of the database
      in DATA_DIR (not the outbox); the server must be stopped while it runs. PostgreSQL: pg_dump's
      custom format, beside running servers. Refuses to replace an existing <file> without --force.
  restore <file> [--force] [--pg-bin <folder>]
      Restore a backup. Embedded: into DATA_DIR, which must be empty or absent unless --force (the
      folder that was there is then kept, renamed, beside it); the server must be stopped. PostgreSQL:
      pg_restore in one transaction, into the database at DATABASE_URL, which must hold no tables
      unless --force. A damaged file is refused and changes nothing.
      --pg-bin: where pg_dump and pg_restore are, if not on PATH (e.g. /usr/lib/postgresql/15/bin).
  import <file.csv> --type organisations|events|case-studies --as <organisation> [--by <email>]
         [--source <name>] [--dry-run] [--submit]
      Import a spreadsheet saved as CSV (UTF-8, with or without a byte-order mark, "," or ";" between
      cells), one entry a row, columns as in docs/import.md. Entries are drafts of <organisation> (slug),
      written as its admin or as the member --by names; --submit submits them for review. Rows are keyed by
      their "id" column within --source (default csv:<organisation>): importing a file again changes
      nothing, and a changed row becomes an edit of its entry. All rows are written, or, if any has a
      problem, none: every problem is listed by row and column. --dry-run checks and writes nothing.
  sources add <name> <base-url> --as <organisation> [--by <email>] [--trusted-by <email>]
  sources trust <name> --by <email> [--off] | sources list | sources sync <name> | sources remove <name>
      Follow another directory (docs/sync.md): its entries come in as <organisation>'s, written as its
      admin or editor (or --by), submitted for review unless a host admin (--trusted-by, or
      \`sources trust --by\`) trusts the source. \`sources sync\` polls it now and prints what it did.
  help
      Show this text.

The database is chosen as for the server: DATABASE_URL for PostgreSQL, else embedded PGlite in DATA_DIR.
PostgreSQL can be used beside a running server. The embedded database opens in one process at a
time: while \`npm start\` holds it, stop the server first, or found the secretariat in a browser at
/console/setup.`;

const usage = 'Usage: npm run cli -- init-secretariat --host "<organisation>" --admin "<email>" [--host ... --admin ...]';

/** What to do when the embedded database is held by a running server, instead of a bare lock error. */
function lockedAdvice(err: DatabaseLockedError, config: { PUBLIC_URL: string } | null, command: string | undefined): string {
  const who = err.holder ? `process ${err.holder.pid} (${err.holder.command}, running since ${err.holder.since})` : 'another process';
  return [
    `The embedded database in ${err.dataDir} is open in ${who}, most likely the running server (npm start).`,
    'The embedded database (PGlite) can be opened by one process at a time. Either:',
    `  - stop that process${err.holder ? ` (kill ${err.holder.pid}, or Ctrl-C where it runs)` : ''}, run this command again, then start the server again;`,
    ...(command === 'init-secretariat'
      ? [
          `  - or, to found the secretariat, open ${config?.PUBLIC_URL ?? 'http://localhost:3000'}/console/setup in a browser while the server runs;`,
        ]
      : []),
    command === 'restore'
      ? '  - never restore under a running server: it would go on writing to the folder the restore replaces.'
      : '  - or run the server on PostgreSQL (DATABASE_URL), where this command works beside a running server.',
  ].join('\n');
}

/** The configuration, once read, so the lock advice can name the server's address. */
let loadedConfig: { PUBLIC_URL: string } | null = null;

async function withDatabase<T>(work: (handle: Awaited<ReturnType<typeof createDb>>) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  loadedConfig = config;
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
      const { values } = parseArgs({
        args: rest,
        options: { host: { type: 'string', multiple: true }, admin: { type: 'string', multiple: true } },
        strict: true,
      });
      const hosts = values.host ?? [];
      const admins = values.admin ?? [];
      const problems: string[] = [];
      if (!hosts.length) problems.push('  --host: name or slug of a founding host organisation is required');
      if (hosts.length !== admins.length)
        problems.push(`  --host and --admin come in pairs, in order: ${hosts.length} --host and ${admins.length} --admin given`);
      hosts.forEach((h, i) => {
        if (!h.trim()) problems.push(`  --host #${i + 1}: must not be empty`);
      });
      admins.forEach((a, i) => {
        if (!z.email().safeParse(a.trim().toLowerCase()).success) problems.push(`  --admin #${i + 1} ("${a}"): must be an email address`);
      });
      if (problems.length) {
        console.error([usage, ...problems].join('\n'));
        return 2;
      }
      const result = await withDatabase((h) =>
        initSecretariat({ db: h.db, hosts: hosts.map((host, i) => ({ host, adminEmail: admins[i]! })) }),
      );
      const founded = result.hosts;
      const email = (i: number) => admins[i]!.trim().toLowerCase();
      if (founded.length === 1) {
        const [only] = founded;
        console.log(`Secretariat started. Host: ${only!.organisation.name} (${only!.organisation.slug}). Admin: ${email(0)}.`);
        console.log(`Token ${only!.token.displayPrefix}… expires ${only!.token.expiresAt}; store it now, it is not shown again:`);
        console.log(only!.token.token);
        return 0;
      }
      console.log(`Secretariat started with ${founded.length} hosts.`);
      founded.forEach((f, i) => {
        const { name, slug } = f.organisation;
        console.log(`Host: ${name} (${slug}). Admin: ${email(i)}. Token ${f.token.displayPrefix}… expires ${f.token.expiresAt}.`);
      });
      console.log('Store these tokens now, they are not shown again; one line per admin, in the order above:');
      for (const f of founded) console.log(f.token.token);
      return 0;
    }
    case 'backup':
    case 'restore': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { force: { type: 'boolean', default: false }, 'pg-bin': { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) {
        console.error(`Usage: npm run cli -- ${command} <file> [--force] [--pg-bin <folder>]`);
        return 2;
      }
      const config = loadConfig(process.env);
      loadedConfig = config;
      const options = { file: positionals[0]!, force: values.force, pgBin: values['pg-bin'] };
      if (config.DATABASE_URL) {
        const url = config.DATABASE_URL;
        await (command === 'backup' ? backupPostgres : restorePostgres)({ ...options, url });
        console.log(command === 'backup' ? `Backed up to ${options.file} (pg_dump, custom format).` : `Restored ${options.file}.`);
        return 0;
      }
      if (command === 'backup') {
        const { bytes } = await backupEmbedded({ ...options, dataDir: config.DATA_DIR });
        console.log(`Backed up the embedded database in ${config.DATA_DIR} to ${options.file} (${bytes} bytes).`);
        return 0;
      }
      const restored = await restoreEmbedded({ ...options, dataDir: config.DATA_DIR });
      console.log(`Restored ${options.file} into ${config.DATA_DIR} (${restored.migrations} migrations recorded).`);
      if (restored.setAside) console.log(`The folder that was there is kept as ${restored.setAside}; delete it once satisfied.`);
      return 0;
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: {
          type: { type: 'string' },
          as: { type: 'string' },
          by: { type: 'string' },
          source: { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
          submit: { type: 'boolean', default: false },
        },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) {
        console.error(importUsage);
        return 2;
      }
      const args = { file: positionals[0]!, ...values, dryRun: values['dry-run'], submit: values.submit };
      const problems = importArgProblems(args);
      if (problems.length) {
        console.error([importUsage, ...problems].join('\n'));
        return 2;
      }
      return withDatabase((h) => runImport(h.db, args));
    }
    case 'sources': {
      const config = loadConfig(process.env);
      loadedConfig = config;
      return withDatabase((h) => runSources(h.db, config, rest));
    }
    default:
      console.error(`Unknown command "${command}".\n\n${help}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof DatabaseLockedError) console.error(lockedAdvice(err, loadedConfig, process.argv[2]));
    else if (err instanceof InvalidInputError) console.error(err.fieldErrors.map((e) => `  ${e.path.join('.')}: ${e.message}`).join('\n'));
    else if (
      err instanceof AlreadyInitialisedError ||
      err instanceof ConfigError ||
      err instanceof BackupError ||
      err instanceof ImportError ||
      err instanceof NotFoundError ||
      err instanceof ForbiddenError
    )
      console.error(err.message);
    else if (err instanceof Error && err.name === 'TypeError' && /parseArgs|Unknown option/i.test(err.message)) console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);
