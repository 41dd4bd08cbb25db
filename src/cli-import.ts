// `npm run cli -- import`: a spreadsheet (CSV) into the directory, with progress on a terminal and plain lines in a log.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { Listr } from 'listr2';
import type { Db } from './db.ts';
import { importCsv, type ImportReport, type Pass } from './modules/interchange/csv-import.ts';
import { importTypes } from './modules/interchange/csv-columns.ts';

export const importUsage =
  'Usage: npm run cli -- import <file.csv> --type organisations|events|case-studies --as <organisation> [--by <email>] [--source <name>] [--dry-run] [--submit]';

export interface ImportArgs {
  file: string;
  type?: string | undefined;
  as?: string | undefined;
  by?: string | undefined;
  source?: string | undefined;
  dryRun: boolean;
  submit: boolean;
}

/** What is wrong with the command line itself, before the database is opened. */
export function importArgProblems(a: ImportArgs): string[] {
  const problems: string[] = [];
  if (!a.type || !(a.type in importTypes)) problems.push(`  --type: one of ${Object.keys(importTypes).join(', ')}`);
  if (!a.as?.trim()) problems.push('  --as: the slug of the importing organisation is required');
  if (!existsSync(a.file) || !statSync(a.file).isFile()) problems.push(`  ${a.file}: no such file`);
  return problems;
}

/** A row count every this many rows when the output is a log rather than a terminal. */
const LOG_EVERY = 10_000;

export async function runImport(db: Db, a: ImportArgs): Promise<number> {
  const options = {
    db,
    file: () => createReadStream(a.file),
    type: importTypes[a.type!]!,
    organisation: a.as!.trim(),
    by: a.by,
    source: a.source,
    dryRun: a.dryRun,
    submit: a.submit,
  };
  let report: ImportReport | undefined;
  if (process.stdout.isTTY) {
    await new Listr([
      {
        title: `${a.dryRun ? 'Checking' : 'Importing'} ${a.file}`,
        task: async (_ctx, task) => {
          const onRow = (n: number, pass: Pass) => {
            task.output = `${pass === 'check' ? 'checked' : 'written'}: ${n} rows`;
          };
          report = await importCsv({ ...options, onRow });
          task.title = `${a.dryRun ? 'Checked' : 'Read'} ${report.rows} rows of ${a.file}`;
        },
        rendererOptions: { outputBar: 1 },
      },
    ]).run();
  } else {
    console.log(`${a.dryRun ? 'Checking' : 'Importing'} ${a.file}`);
    // Called once a batch: a line each time the count passes a multiple of LOG_EVERY, counted afresh each pass.
    const logged: Record<Pass, number> = { check: 0, write: 0 };
    report = await importCsv({
      ...options,
      onRow: (n, pass) => {
        if (Math.floor(n / LOG_EVERY) > Math.floor(logged[pass] / LOG_EVERY))
          console.log(`  ${pass === 'check' ? 'checked' : 'written'}: ${n} rows`);
        logged[pass] = n;
      },
    });
  }
  return printReport(report!, a);
}

function printReport(r: ImportReport, a: ImportArgs): number {
  const tally = `${r.created} new, ${r.changed} changed, ${r.unchanged} unchanged`;
  if (r.problemCount) {
    console.log(`${r.rows} rows read: ${r.problemCount} problem${r.problemCount === 1 ? '' : 's'}. Nothing was written.`);
    for (const p of r.problems) console.log(`  row ${p.row}${p.column ? `, column "${p.column}"` : ''}: ${p.message}`);
    if (r.problemCount > r.problems.length) console.log(`  ... and ${r.problemCount - r.problems.length} more`);
    return 1;
  }
  if (a.dryRun) {
    console.log(`${r.rows} rows read, no problems: importing would make ${tally}. Nothing was written (--dry-run).`);
    return 0;
  }
  const state = a.submit ? 'submitted for review' : 'drafts, for the organisation to submit';
  console.log(`${r.rows} rows imported from source "${r.source}": ${tally} (all rows taken; new and changed entries are ${state}).`);
  return 0;
}
