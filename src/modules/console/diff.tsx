// A field diff as people read it: the editorial layer's readable changes under the form's labels, values in words.
import type { EntryType, FieldChange } from '../../../schema/editorial.ts';
import { humanDate } from '../catalogue/partial-dates.ts';
import { entrySpecs } from '../editorial/entry-specs.ts';
import { formFields } from '../editorial/entry-fields.ts';

export interface ReadableChange {
  label: string;
  before: string;
  after: string;
}

const EMPTY = '(empty)';
/** Fields the console's forms do not show (kept as they are), named for people all the same. */
const otherLabels: Record<string, string> = {
  datePrecision: 'Date precision',
  startDatePrecision: 'Start date precision',
  endDatePrecision: 'End date precision',
  resources: 'Resources (links)',
  links: 'Links',
};
/** Which precision key says how much of a date is known. */
const precisionOf: Record<string, string> = { startDate: 'startDatePrecision', endDate: 'endDatePrecision', startsAt: 'datePrecision' };

const words = (v: string) => v.replace(/_/g, ' ');

/** "Tuesday 3 March 2026, 18:00 (Europe/London)": the wall clock where the event happens, not UTC. */
export function instantInWords(instant: string, timeZone: string, precision = 'day'): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  if (precision === 'month' || precision === 'year')
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      ...(precision === 'month' ? { month: 'long' } : {}),
    }).format(date);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} (${zone})`;
}

type Named = { slug: string | null; label: string | null; role?: string };
const isNamed = (x: unknown): x is Named => typeof x === 'object' && x !== null && 'slug' in x && 'label' in x;
const named = (n: Named) => `${n.label ?? n.slug ?? 'an entry since removed'}${n.role ? ` (${words(n.role)})` : ''}`;

/**
 * Readable changes (ids already replaced by slug and label, as `revisionDiffs` gives them) as rows to show: in the
 * form's order, with its labels; `snapshot` is the revision's own state, which says the time zone and date
 * precision its values are read in (the "before" side takes these from the diff when they changed too).
 */
export function readableRows(type: EntryType, changes: readonly FieldChange[], snapshot: Record<string, unknown>): ReadableChange[] {
  const fields = formFields[type];
  const instants = entrySpecs[type].instants;
  const changed = new Map(changes.map((c) => [c.field, c]));
  const context = (side: 'before' | 'after', key: string) => {
    const c = changed.get(key);
    return c ? c[side] : snapshot[key];
  };
  const show = (field: string, v: unknown, side: 'before' | 'after'): string => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return EMPTY;
    const f = fields.find((x) => x.name === field);
    const precision = precisionOf[field] ? String(context(side, precisionOf[field]) ?? 'day') : 'day';
    if (typeof v === 'string' && (instants.includes(field) || f?.kind === 'datetime'))
      return instantInWords(v, String(context(side, 'timeZone') ?? 'Europe/London'), precision);
    if (typeof v === 'string' && f?.kind === 'date') return humanDate(v, precision);
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if (isNamed(v)) return named(v);
    if (Array.isArray(v))
      return v
        .map((x) =>
          isNamed(x)
            ? named(x)
            : typeof x === 'string'
              ? x
              : typeof x === 'object' && x && 'url' in x
                ? `${String((x as { label?: unknown }).label ?? '')} (${String((x as { url: unknown }).url)})`
                : JSON.stringify(x),
        )
        .join(f?.target ? ', ' : '; ');
    if (typeof v === 'string') return f?.options || field.endsWith('Precision') ? words(v) : v;
    return typeof v === 'number' ? String(v) : JSON.stringify(v);
  };
  const order = (field: string) => {
    const i = fields.findIndex((f) => f.name === field);
    return i < 0 ? fields.length : i;
  };
  return (
    [...changes]
      .sort((a, b) => order(a.field) - order(b.field))
      .map((c) => ({
        label: fields.find((f) => f.name === c.field)?.label ?? otherLabels[c.field] ?? c.field,
        before: show(c.field, c.before, 'before'),
        after: show(c.field, c.after, 'after'),
      }))
      // null against [] (or the same instant written two ways) is no change to a reader.
      .filter((r) => r.before !== r.after)
  );
}

export function DiffTable(props: { changes: ReadableChange[]; caption: string }) {
  if (!props.changes.length) return <p>No field changed.</p>;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {props.changes.map((d) => (
          <tr>
            <th scope="row">{d.label}</th>
            <td>{d.before === EMPTY ? d.before : <del>{d.before}</del>}</td>
            <td>{d.after === EMPTY ? d.after : <ins>{d.after}</ins>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
