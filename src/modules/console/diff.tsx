// A field diff as people read it: the form's labels, linked entries by name, and what each field was and would become.
import type { EntryType, FieldChange } from '../../../schema/editorial.ts';
import type { Db } from '../../db.ts';
import { formFields } from './entry-fields.ts';
import { namedTargets, type LinkTarget } from './entry-search.ts';

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

/** Labels from the entry's form, ids of linked entries as their names (with roles), lists as lines. */
export async function readableChanges(db: Db, type: EntryType, changes: FieldChange[]): Promise<ReadableChange[]> {
  const fields = formFields[type];
  const ids = new Map<LinkTarget, Set<number>>();
  const fieldOf = (key: string) => fields.find((f) => (f.key ?? f.name) === key);
  const idsIn = (v: unknown) =>
    (Array.isArray(v) ? v : typeof v === 'number' ? [v] : []).map((x) => (typeof x === 'number' ? x : (x as { id: number }).id));
  for (const c of changes) {
    const f = fieldOf(c.field);
    if (!f?.target) continue;
    const set = ids.get(f.target) ?? new Set();
    for (const id of [...idsIn(c.before), ...idsIn(c.after)]) set.add(id);
    ids.set(f.target, set);
  }
  const names = new Map<string, string>();
  for (const [target, set] of ids) {
    for (const t of await namedTargets(db, target, { ids: [...set] })) names.set(`${target}:${t.id}`, t.name);
  }
  const show = (key: string, v: unknown): string => {
    const f = fieldOf(key);
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return EMPTY;
    if (f?.target) {
      const items = Array.isArray(v) ? v : [v];
      return items
        .map((x) => {
          const id = typeof x === 'number' ? x : (x as { id: number }).id;
          const name = names.get(`${f.target}:${id}`) ?? `#${id}`;
          return typeof x === 'object' && x && 'role' in x ? `${name} (${String((x as { role: string }).role).replace(/_/g, ' ')})` : name;
        })
        .join(', ');
    }
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ');
    if (typeof v === 'string') return f?.options ? v.replace(/_/g, ' ') : v;
    return JSON.stringify(v);
  };
  return changes.map((c) => ({
    label: fieldOf(c.field)?.label ?? otherLabels[c.field] ?? c.field,
    before: show(c.field, c.before),
    after: show(c.field, c.after),
  }));
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
