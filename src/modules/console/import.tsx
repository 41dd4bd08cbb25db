// /console/import: a member uploads a spreadsheet (CSV) of entries for their organisation, checks it, imports it.
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { ImportError, importCsv, type ImportReport } from '../interchange/csv-import.ts';
import { ID_COLUMN, importTypes, templates, type ImportType } from '../interchange/csv-columns.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Notice, Page } from './layout.tsx';

const typeWords = Object.entries(importTypes) as [string, ImportType][];
const labels: Record<ImportType, string> = { organisation: 'Organisations', event: 'Events', caseStudy: 'Case studies' };

interface Shown {
  type?: string;
  submit?: boolean;
  report?: ImportReport;
  checked?: boolean;
  problem?: string;
  fileName?: string;
}

function ImportForm(props: { csrf: string; shown: Shown }) {
  const { shown } = props;
  return (
    <form method="post" action="/console/import" enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <p>
        <label for="file">Spreadsheet saved as CSV</label>
        <br />
        <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="file-hint" />
        <br />
        <span id="file-hint" class="hint">
          UTF-8, with "," or ";" between cells; the first row names the columns. Download a template below.
        </span>
      </p>
      <p>
        <label for="type">What each row is</label>
        <br />
        <select id="type" name="type">
          {typeWords.map(([word, type]) => (
            <option value={word} selected={shown.type === word}>
              {labels[type]}
            </option>
          ))}
        </select>
      </p>
      <p>
        <input id="submit" name="submit" type="checkbox" value="yes" checked={shown.submit} />{' '}
        <label for="submit">Submit each new or changed entry for review (otherwise they stay drafts)</label>
      </p>
      <p>
        <button type="submit" name="intent" value="check">
          Check the file
        </button>{' '}
        <button type="submit" name="intent" value="import">
          Import
        </button>
      </p>
    </form>
  );
}

function Report(props: { report: ImportReport; checked: boolean; fileName: string }) {
  const r = props.report;
  const tally = `${r.created} new, ${r.changed} changed, ${r.unchanged} unchanged`;
  if (r.problemCount) {
    return (
      <section aria-labelledby="problems">
        <h2 id="problems">
          {props.fileName}: {r.problemCount} {r.problemCount === 1 ? 'problem' : 'problems'} in {r.rows} rows. Nothing was imported.
        </h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {r.problems.map((p) => (
              <tr>
                <td>{p.row}</td>
                <td>{p.column ?? ''}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {r.problemCount > r.problems.length ? <p>… and {r.problemCount - r.problems.length} more.</p> : null}
      </section>
    );
  }
  return (
    <Notice>
      {props.checked
        ? `${props.fileName}: ${r.rows} rows, no problems. Importing would make ${tally}. Nothing was written yet.`
        : `${props.fileName}: ${r.rows} rows imported: ${tally}.`}
    </Notice>
  );
}

/** What the file field posted, if it is a file with something in it. */
const uploaded = (value: unknown): File | null => (value instanceof File && value.size > 0 ? value : null);

export function importRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  const page = (c: Context<ConsoleEnv>, shown: Shown = {}, status: 200 | 400 = 200) => {
    const session = c.get('session')!;
    return c.html(
      <Page title="Import a spreadsheet" session={session} csrfToken={c.get('csrfToken')}>
        <h1>Import a spreadsheet</h1>
        <p>
          Each row becomes a draft entry of {session.organisation.name}, as if typed into the form, and goes through review like any other.
          Importing the same file again changes nothing; a changed row becomes an edit of its entry, when the file has an{' '}
          <code>{ID_COLUMN}</code> column. Check the file first: every problem is listed by row and column, and a file with any problem
          imports nothing.
        </p>
        {shown.problem ? (
          <Notice>
            <p>{shown.problem}</p>
          </Notice>
        ) : null}
        {shown.report ? <Report report={shown.report} checked={shown.checked ?? false} fileName={shown.fileName ?? 'The file'} /> : null}
        <ImportForm csrf={c.get('csrfToken')} shown={shown} />
        <h2>Templates</h2>
        <ul>
          {typeWords.map(([word, type]) => (
            <li>
              <a href={`/console/import/templates/${word}.csv`} download>
                {labels[type]} template (CSV)
              </a>
            </li>
          ))}
        </ul>
      </Page>,
      status,
    );
  };

  app.get('/import', (c) => page(c));

  app.get('/import/templates/:file', (c) => {
    const word = c.req.param('file').replace(/\.csv$/, '');
    const type = importTypes[word];
    if (!type || !Object.hasOwn(importTypes, word)) return c.notFound();
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${word}-template.csv"`);
    return c.body(`${[ID_COLUMN, ...templates[type].map((col) => col.name)].join(',')}\r\n`);
  });

  app.post('/import', async (c) => {
    const session = c.get('session')!;
    const body = await c.req.parseBody();
    const word = typeof body.type === 'string' ? body.type : '';
    const shown: Shown = { type: word, submit: body.submit === 'yes' };
    const type = Object.hasOwn(importTypes, word) ? importTypes[word] : undefined;
    if (!type) return page(c, { ...shown, problem: 'Choose what each row is: organisations, events or case studies.' }, 400);
    const file = uploaded(body.file);
    if (!file) return page(c, { ...shown, problem: 'Choose a CSV file with at least a header row.' }, 400);
    const checked = body.intent !== 'import';
    const bytes = Buffer.from(await file.arrayBuffer());
    let report: ImportReport;
    try {
      report = await importCsv({
        db: deps.db,
        file: () => Readable.from([bytes]),
        type,
        organisation: session.organisation.slug,
        viewer: session.viewer,
        dryRun: checked,
        submit: shown.submit ?? false,
      });
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return page(c, { ...shown, problem: err.message }, 400);
    }
    return page(c, { ...shown, report, checked, fileName: file.name || 'The file' }, report.problemCount ? 400 : 200);
  });

  return app;
}
