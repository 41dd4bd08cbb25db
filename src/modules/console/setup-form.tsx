// The first-run form: the one-time code and one or more founding hosts, each with its admin; rows added without script.
import { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { FoundingHost } from '../accounts/init-secretariat.ts';
import { Csrf, ErrorSummary, TextInput, type FieldProblem } from './layout.tsx';

/** Enough for any founding group; more hosts join later by proposal and approval. */
export const MAX_SETUP_HOSTS = 10;
/** A first host, required, and a second, optional: two hosts let each review the other's changes from the start. */
const DEFAULT_ROWS = 2;

const email = z.email().max(320);

export interface SetupValues {
  code: string;
  rows: number;
  hosts: { host: string; adminEmail: string }[];
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function setupValuesFrom(body: Record<string, unknown>): SetupValues {
  const asked = Number(text(body.rows));
  const rows = Number.isInteger(asked) ? Math.min(Math.max(asked, 1), MAX_SETUP_HOSTS) : DEFAULT_ROWS;
  const hosts = Array.from({ length: rows }, (_, i) => ({
    host: text(body[`host-${i + 1}`]),
    adminEmail: text(body[`adminEmail-${i + 1}`]),
  }));
  return { code: text(body.code), rows, hosts };
}

export const emptySetup = (): SetupValues => ({
  code: '',
  rows: DEFAULT_ROWS,
  hosts: Array.from({ length: DEFAULT_ROWS }, () => ({ host: '', adminEmail: '' })),
});

/**
 * The hosts to found, with each one's form row, and the problems of the rows as typed. A row after the first that
 * is left blank is not a host; one half filled in is a mistake to show.
 */
export function foundingHostsFrom(v: SetupValues): { hosts: (FoundingHost & { row: number })[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const hosts: (FoundingHost & { row: number })[] = [];
  v.hosts.forEach((h, i) => {
    const row = i + 1;
    if (row > 1 && !h.host && !h.adminEmail) return;
    if (!h.host || h.host.length > 300) problems.push({ field: `host-${row}`, message: 'Enter the organisation’s name' });
    if (!email.safeParse(h.adminEmail.toLowerCase()).success)
      problems.push({ field: `adminEmail-${row}`, message: 'Enter an email address, like name@example.org' });
    hosts.push({ host: h.host, adminEmail: h.adminEmail, row });
  });
  return { hosts, problems };
}

/** The founding service's field errors (paths hosts.<index>.<field>) beside the rows they came from. */
export const problemsOfHosts = (errors: readonly FieldError[], hosts: readonly { row: number }[]): FieldProblem[] =>
  errors.map((e) => {
    const row = hosts[Number(e.path[1])]?.row ?? 1;
    const field = e.path[2] === 'adminEmail' ? 'adminEmail' : 'host';
    return { field: `${field}-${row}`, message: e.message };
  });

const legendOf = (row: number) => (row === 1 ? 'Founding host 1' : `Founding host ${row} (optional)`);

export function SetupForm(props: { csrf: string; values: SetupValues; problems: FieldProblem[] }) {
  const { values, problems } = props;
  const error = (field: string) => problems.find((p) => p.field === field)?.message;
  const labels: Record<string, string> = { code: 'Setup code' };
  for (let row = 1; row <= values.rows; row++) {
    labels[`host-${row}`] = `Founding host ${row}: organisation`;
    labels[`adminEmail-${row}`] = `Founding host ${row}: admin's email address`;
  }
  return (
    <>
      <ErrorSummary problems={problems} labels={labels} />
      <p>
        Name the organisations that host the directory, each with its first admin, who will be emailed a sign-in link. With one host, a
        different person of that host reviews each change; once there are two, a host’s changes are reviewed by another host. More hosts can
        join later from the Hosts page.
      </p>
      <form method="post" action="/console/setup" novalidate>
        <Csrf token={props.csrf} />
        <input type="hidden" name="rows" value={String(values.rows)} />
        <TextInput
          name="code"
          label="Setup code"
          hint="Printed in the server's log when it started."
          value={values.code}
          error={error('code')}
        />
        {values.hosts.map((h, i) => (
          <fieldset>
            <legend>{legendOf(i + 1)}</legend>
            <TextInput
              name={`host-${i + 1}`}
              label="Organisation"
              hint={i === 0 ? 'Its name, or its slug if it is already in the directory.' : undefined}
              value={h.host}
              error={error(`host-${i + 1}`)}
            />
            <TextInput
              name={`adminEmail-${i + 1}`}
              label="Admin's email address"
              type="email"
              value={h.adminEmail}
              error={error(`adminEmail-${i + 1}`)}
            />
          </fieldset>
        ))}
        {/* First, so that Enter in a field sets up rather than adding a row. */}
        <button type="submit" name="_do" value="setup">
          Set up
        </button>
        {values.rows < MAX_SETUP_HOSTS ? (
          <button type="submit" name="_do" value="add" class="secondary">
            Add another host
          </button>
        ) : null}
      </form>
    </>
  );
}
