// Importing a partner's spreadsheet (CSV) as entries of one type: each row a draft (or a submitted change) by the
// importing organisation, through the editorial services' batch path, one transaction per batch of rows.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { accounts, memberships } from '../../../schema/editorial.ts';
import { importKeys } from '../../../schema/imports.ts';
import { organisations } from '../../../schema/organisations.ts';
import type { Db } from '../../db.ts';
import { scopesForRole } from '../access/permissions.ts';
import { InvalidInputError } from '../access/errors.ts';
import type { Viewer } from '../access/viewer.ts';
import { checkEntries, writeEntries, type BatchItem, type ItemRefusal } from '../editorial/entry-batch.ts';
import { inputFromValues, type FormField, type FormValues } from '../editorial/entry-fields.ts';
import { columnsByHeader, formValueOf, ID_COLUMN, normaliseHeader, type Column, type ImportType } from './csv-columns.ts';

export interface ImportOptions {
  db: Db;
  /** Opens the file's bytes, read as they come (twice: checked, then written): any length in bounded memory. */
  file: () => Readable;
  type: ImportType;
  /** The importing organisation (slug): author and maintainer of what the rows create. */
  organisation: string;
  /** Who writes: a signed-in member (the console). Without it, a member of `organisation` (the CLI). */
  viewer?: Viewer | undefined;
  /** The CLI's choice of member, by email; by default the organisation's longest-standing admin. */
  by?: string | undefined;
  /** What the rows' ids are ids at; `csv:<organisation>` by default. */
  source?: string | undefined;
  /** Check every row, report every problem, write nothing. */
  dryRun?: boolean;
  /** Submit each new or changed entry for review, rather than leave it a draft. */
  submit?: boolean;
  /** Called with the number of rows done, after each batch of each pass (checking, then writing). */
  onRow?: (rows: number, pass: Pass) => void;
}

export interface Problem {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  /** The column's header as the file has it; null when the problem is the row's as a whole. */
  column: string | null;
  message: string;
}

export interface ImportReport {
  source: string;
  rows: number;
  created: number;
  changed: number;
  unchanged: number;
  /** Up to MAX_PROBLEMS of them, in file order; `problemCount` counts them all. */
  problems: Problem[];
  problemCount: number;
  /** True when the rows were written: false for a dry run and for a file with any problem (nothing written). */
  written: boolean;
}

/** A file with a hundred thousand bad rows should not become a hundred thousand lines of report held in memory. */
export const MAX_PROBLEMS = 1000;
/** Bounds a row read from an untrusted file (csv-parse refuses a longer one). */
const MAX_ROW_BYTES = 1_000_000;

/** Thrown to roll back the file's transaction after a dry run or a problem, carrying the report out. */
class RollBack extends Error {}

/** Thrown for a file that cannot be imported at all (no such organisation, an unusable header). */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** The viewer an import writes as: a current member of the organisation, as if signed in to the console. */
async function importer(db: Db, organisation: string, by: string | undefined): Promise<Viewer> {
  const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, organisation)).limit(1);
  if (!org) throw new ImportError(`No organisation has the slug "${organisation}".`);
  const rows = await db
    .select({ accountId: memberships.accountId, role: memberships.role, email: accounts.email })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(memberships.organisationId, org.id),
        isNull(memberships.removedAt),
        by ? eq(accounts.email, by.trim().toLowerCase()) : inArray(memberships.role, ['admin', 'partner_admin']),
      ),
    )
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  const member = rows[0];
  if (!member) {
    throw new ImportError(
      by
        ? `${by} is not a member of ${organisation}: invite them first, or leave out --by.`
        : `${organisation} has no admin to write as: name a member with --by <email>.`,
    );
  }
  return { accountId: member.accountId, organisationId: org.id, tokenId: null, scopes: new Set(scopesForRole[member.role]) };
}

/** A header cell: a template column, the row's id, or (a problem) neither. */
type HeaderCell = Column | 'id' | null;

/** The header row: each cell a template column, none twice. */
function readHeader(type: ImportType, cells: string[]): { columns: HeaderCell[]; problems: Problem[] } {
  const known = columnsByHeader(type);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const columns = cells.map((cell, i): HeaderCell => {
    const header = normaliseHeader(cell);
    if (!header) {
      problems.push({ row: 1, column: `column ${i + 1}`, message: 'has no header' });
      return null;
    }
    const column = header === ID_COLUMN ? 'id' : (known.get(header) ?? null);
    const key = column === 'id' ? 'id' : column?.name;
    if (!column)
      problems.push({
        row: 1,
        column: cell,
        message: `is not a column of the ${type} template (the console's Import page and docs/import.md list them)`,
      });
    else if (seen.has(key!)) {
      problems.push({ row: 1, column: cell, message: 'names the same column as an earlier header' });
      return null;
    } else seen.add(key!);
    return column;
  });
  return { columns, problems };
}

/** `;` or `,`, whichever the header line uses more (outside quotes): spreadsheets in many locales save with `;`. */
function sniffDelimiter(firstLine: string): ';' | ',' {
  let inQuotes = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === ',') commas++;
    else if (!inQuotes && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** The stream with its first line read ahead, to choose the delimiter before parsing. */
async function withFirstLine(file: Readable): Promise<{ firstLine: string; rest: AsyncIterable<Buffer> }> {
  const iterator = file[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const held: Buffer[] = [];
  let text = '';
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    held.push(chunk);
    text += chunk.toString('utf8');
    if (/\r?\n/.test(text) || text.length > MAX_ROW_BYTES) break;
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  async function* rest() {
    yield* held;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
  }
  return { firstLine, rest: rest() };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Where a service's field error points, as the file's header for that field. */
function columnOf(headers: Map<string, string>, path: readonly (string | number)[]): string | null {
  const field = path[0] === 'input' ? String(path[1] ?? '') : '';
  return headers.get(field) ?? null;
}

/**
 * Rows checked or written per transaction, and sent in each of its statements: bounds what one transaction holds
 * (locks, pending notices) and what one statement carries (some 10,000 parameters at most, of the 65,535 allowed).
 */
export const BATCH_ROWS = 500;

export type Pass = 'check' | 'write';

/**
 * Imports the file in two passes over it. The check pass decides every row as the write would (checkEntries: the
 * same lookups, permission checks and validation, a refused row never hiding the next one's problems) and writes
 * nothing; only a file with no problem is then written, batch by batch. Should a write fail half-way (a concurrent
 * edit, a crash), the batches before it are in, and importing the file again takes up where it stopped: rows
 * already imported are unchanged.
 */
export async function importCsv(o: ImportOptions): Promise<ImportReport> {
  const viewer = o.viewer ?? (await importer(o.db, o.organisation, o.by));
  const source = o.source?.trim() || `csv:${o.organisation}`;
  const checked = await runPass(o, viewer, source, 'check');
  if (o.dryRun || checked.problemCount) return checked;
  return runPass(o, viewer, source, 'write');
}

/** The file's records, parsed as they are read, with `;` or `,` chosen from the header line. */
async function* records(file: Readable): AsyncGenerator<string[]> {
  const { firstLine, rest } = await withFirstLine(file);
  const parser = parse({
    bom: true,
    delimiter: sniffDelimiter(firstLine),
    relax_column_count: true,
    // A quote inside an unquoted cell (Bob "the" Builder, typed by hand) is text, as a spreadsheet would read it.
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_ROW_BYTES,
  });
  // Pumped by hand so a read error reaches the consumer instead of escaping as an unhandled rejection.
  void (async () => {
    try {
      for await (const chunk of rest) if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  try {
    yield* parser as AsyncIterable<string[]>;
  } catch (err) {
    // A quote never closed, a row over the size bound: the file's fault, said as such rather than a crash.
    if (err instanceof CsvError) throw new ImportError(`The file cannot be read as CSV: ${err.message}`);
    throw err;
  }
}

/** A row read and keyed, waiting for its batch. */
interface PendingRow {
  row: number;
  externalId: string;
  rowHash: string;
  values: FormValues;
}

async function runPass(o: ImportOptions, viewer: Viewer, source: string, pass: Pass): Promise<ImportReport> {
  const report: ImportReport = { source, rows: 0, created: 0, changed: 0, unchanged: 0, problems: [], problemCount: 0, written: false };
  const problem = (p: Problem) => {
    report.problemCount++;
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(p);
  };
  let header: ReturnType<typeof readHeader> | undefined;
  const headerOfField = new Map<string, string>();
  let headerCells: string[] = [];
  let present: FormField[] = [];
  const idsSeen = new Map<string, number>();
  const slugsSeen = new Map<string, number>();
  let rowNumber = 1;
  let batch: PendingRow[] = [];
  /** The last row of the last batch written (write pass): what a failure after it leaves imported. */
  let writtenThrough = 1;

  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    const before = report.problemCount;
    try {
      await o.db.transaction(async (tx) => {
        await importBatch(tx as unknown as Db, rows);
        // A row refused while writing (changed in the console since the check) takes its batch back with it.
        if (pass === 'check' || report.problemCount > before) throw new RollBack();
      });
    } catch (err) {
      if (!(err instanceof RollBack)) throw err;
    }
    if (pass === 'write' && report.problemCount > before) {
      const first = report.problems.find((p) => p.row >= rows[0]!.row);
      throw new ImportError(
        `Row ${first?.row ?? rows[0]!.row} could not be written after the check passed${first ? ` (${first.column ? `column "${first.column}": ` : ''}${first.message})` : ''}. ` +
          (writtenThrough > 1 ? `Rows 2 to ${writtenThrough} are imported; ` : 'No row was imported; ') +
          `rows from ${rows[0]!.row} on are not. Import the file again to take up from there.`,
      );
    }
    writtenThrough = rows.at(-1)!.row;
    o.onRow?.(rows.at(-1)!.row - 1, pass);
  };

  for await (const cells of records(o.file())) {
    if (!header) {
      headerCells = cells.map((c) => c.trim());
      header = readHeader(o.type, headerCells);
      for (const p of header.problems) problem(p);
      header.columns.forEach((c, i) => {
        if (c && c !== 'id') headerOfField.set(c.field.name, headerCells[i]!);
      });
      if (!header.columns.some((c) => c && c !== 'id')) throw new ImportError('The first row names none of the template’s columns.');
      present = header.columns.filter((c): c is Column => c !== null && c !== 'id').map((c) => c.field);
      // Rows are still checked with the columns that are known, so one dry run reports everything.
      continue;
    }
    rowNumber++;
    report.rows++;
    if (cells.length > header.columns.length && cells.slice(header.columns.length).some((c) => c.trim())) {
      problem({ row: rowNumber, column: null, message: `has ${cells.length} cells where the header has ${header.columns.length}` });
      continue;
    }
    const pending = readRow(rowNumber, cells);
    if (pending) batch.push(pending);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  if (!header) throw new ImportError('The file is empty: the first row must name the columns.');
  await flush();
  // Rows too long are found as they are read, the others when their batch runs: the report is in file order.
  report.problems.sort((a, b) => a.row - b.row);
  report.written = pass === 'write' && report.problemCount === 0;
  return report;

  /** The row's form values and key, or null (and a problem) when it repeats an earlier row's id or slug. */
  function readRow(row: number, cells: string[]): PendingRow | null {
    const values: FormValues = {};
    let externalId = '';
    header!.columns.forEach((column, i) => {
      const cell = cells[i] ?? '';
      if (column === 'id') externalId = cell.trim();
      else if (column) values[column.field.name] = formValueOf(column.field, cell);
    });
    const rowHash = sha256(JSON.stringify([headerCells, cells.map((c) => c.trim())]));
    externalId ||= `sha256:${rowHash}`;
    const earlier = idsSeen.get(externalId);
    if (earlier) {
      problem({ row, column: headerCells[header!.columns.indexOf('id')] ?? null, message: `repeats the id of row ${earlier}` });
      return null;
    }
    idsSeen.set(externalId, row);
    // Each batch of the check pass is rolled back: two rows naming one slug would each look free.
    const slug = typeof values.slug === 'string' ? values.slug.trim() : '';
    if (slug && slugsSeen.has(slug)) {
      problem({ row, column: headerOfField.get('slug') ?? 'slug', message: `repeats the slug of row ${slugsSeen.get(slug)}` });
      return null;
    }
    if (slug) slugsSeen.set(slug, row);
    return { row, externalId, rowHash, values };
  }

  /**
   * One batch through the editorial services' batch path: the import keys looked up in one statement, unchanged
   * rows skipped, the others created or edited together, and their keys written in one statement each.
   */
  async function importBatch(db: Db, rows: PendingRow[]) {
    const ofSource = and(eq(importKeys.source, source), eq(importKeys.entryType, o.type));
    const keys = await db
      .select()
      .from(importKeys)
      .where(
        and(
          ofSource,
          inArray(
            importKeys.externalId,
            rows.map((r) => r.externalId),
          ),
        ),
      );
    const known = new Map(keys.map((k) => [k.externalId, k]));
    const todo = rows.filter((r) => {
      if (known.get(r.externalId)?.rowHash !== r.rowHash) return true;
      report.unchanged++;
      return false;
    });
    if (!todo.length) return;
    const items = todo.map((r): BatchItem => {
      const key = known.get(r.externalId);
      const input = inputFromValues(present, r.values, { creating: !key });
      return key
        ? { kind: 'update', entryId: key.entryId, input }
        : { kind: 'create', input, message: `Imported from ${source}, row ${r.row}` };
    });
    const batch = { db, viewer, type: o.type, items, submit: o.submit ?? false };
    if (pass === 'check') {
      // The check reads what the write would read and decides every row as it would, but writes nothing.
      (await checkEntries(batch)).forEach((refusal, i) => {
        const r = todo[i]!;
        if (refusal) rowProblems(r.row, refusal);
        else if (known.has(r.externalId)) report.changed++;
        else report.created++;
      });
      return;
    }
    const created: (typeof importKeys.$inferInsert)[] = [];
    const changed: { external_id: string; row_hash: string }[] = [];
    (await writeEntries(batch)).forEach((outcome, i) => {
      const r = todo[i]!;
      if (!outcome.ok) rowProblems(r.row, outcome.error);
      else if (known.has(r.externalId)) {
        changed.push({ external_id: r.externalId, row_hash: r.rowHash });
        report.changed++;
      } else {
        created.push({ source, entryType: o.type, externalId: r.externalId, entryId: outcome.result.entry.id, rowHash: r.rowHash });
        report.created++;
      }
    });
    if (created.length) await db.insert(importKeys).values(created);
    if (changed.length) {
      await db.execute(sql`
        UPDATE import_keys k SET row_hash = x.row_hash, imported_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(changed)}::text::jsonb) AS x(external_id text, row_hash text)
        WHERE k.source = ${source} AND k.entry_type = ${o.type} AND k.external_id = x.external_id`);
    }
  }

  /** A refused row's problems, by column where the service named a field. */
  function rowProblems(row: number, err: ItemRefusal) {
    if (err instanceof InvalidInputError) {
      for (const e of err.fieldErrors) {
        const column = columnOf(headerOfField, e.path);
        // The slug is proposed from the name: with no slug column, "slug is required" only echoes the name's error.
        if (!column && e.path[1] === 'slug' && err.fieldErrors.length > 1) continue;
        problem({ row, column: column ?? `(${String(e.path[1] ?? 'row')})`, message: e.message });
      }
    } else problem({ row, column: null, message: err.message });
  }
}
